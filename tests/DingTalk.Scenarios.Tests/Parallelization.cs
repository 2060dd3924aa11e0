// One scenario at a time: Serilog's SelfLog is process-wide (a scenario counts the lines its logger wrote), the
// shutdown scenarios measure wall-clock durations that a busy thread pool would stretch, and every scenario checks that
// no logging call blocked for 200 ms.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
