namespace DingTalk.Robot.Testing.Internal;

/// <summary>What a <see cref="RobotFault"/> does.</summary>
internal enum RobotFaultKind
{
    HttpStatus,
    ErrCode,
    Delay,
    DropConnection,
    NonJson,
}
