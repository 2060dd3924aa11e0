namespace DingTalk.Robot.Testing.Preview;

/// <summary>
/// The chat preview's look: DingTalk's colours (a light grey chat, white bubbles, blue mentions) in a 390 px phone
/// column, and the icons as inline SVG. Nothing here refers to anything outside the page.
/// </summary>
internal static class ChatPreviewStyle
{
    /// <summary>The page's CSS.</summary>
    public const string Css = """

        /* CJK fonts draw · × – — “ ” … full width; DingTalk's phone fonts draw them narrow, as a Latin font does. */
        @font-face {
          font-family: "Latin punctuation";
          src: local("Helvetica Neue"), local("Segoe UI"), local("Roboto"), local("Arial"), local("DejaVu Sans"), local("Liberation Sans");
          unicode-range: U+00B7, U+00D7, U+2013-2014, U+2018-201F, U+2026;
        }
        * { box-sizing: border-box; }
        html, body { margin: 0; padding: 0; background: transparent; }
        body {
          font-family: "Latin punctuation", -apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
            "Segoe UI", Roboto, "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
            "Helvetica Neue", Arial, sans-serif;
          color: #171a1d; font-size: 15px; line-height: 1.5;
          -webkit-font-smoothing: antialiased; -webkit-text-size-adjust: 100%;
        }
        svg { display: block; }
        .phone {
          width: 390px; margin: 16px auto; background: #f2f3f5; border-radius: 22px; overflow: hidden;
          box-shadow: 0 2px 6px rgba(23, 26, 29, .08), 0 8px 24px rgba(23, 26, 29, .10);
          display: flex; flex-direction: column; min-height: calc(100vh - 32px);
        }
        .bar {
          display: flex; align-items: center; height: 50px; padding: 0 12px; background: #f7f8fa;
          border-bottom: 1px solid #e6e7e9; flex: none;
        }
        .bar .back, .bar .more { width: 28px; color: #171a1d; display: flex; align-items: center; }
        .bar .more { justify-content: flex-end; }
        .bar .group {
          flex: 1; text-align: center; font-size: 17px; font-weight: 600;
          white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
        }
        .chat { flex: 1; padding: 4px 12px 16px; }
        .day { text-align: center; margin: 14px 0 2px; font-size: 12px; color: #a2a3a4; }
        .msg { display: flex; align-items: flex-start; margin: 14px 0 0; }
        .avatar { flex: none; width: 40px; height: 40px; margin-right: 10px; }
        .main { min-width: 0; max-width: 286px; }
        .meta { display: flex; align-items: center; gap: 6px; margin: 0 0 4px; font-size: 12px; line-height: 16px; color: #a2a3a4; }
        .meta .name { color: #747677; }
        .badge {
          font-size: 10px; line-height: 14px; padding: 0 4px; border-radius: 3px;
          color: #3296fa; background: rgba(50, 150, 250, .10);
        }
        .bubble {
          background: #fff; border-radius: 4px 12px 12px 12px; padding: 9px 12px;
          overflow-wrap: anywhere; word-break: break-word;
        }
        .bubble.card { width: 286px; }
        .bubble.text { display: inline-block; white-space: pre-wrap; }
        .notice {
          display: flex; align-items: center; gap: 5px; margin: 0 0 8px; padding: 0 0 7px;
          border-bottom: 1px solid #f0f1f2; font-size: 12px; line-height: 16px; color: #858687;
        }
        .notice svg { flex: none; }
        .notice span { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .md > :first-child { margin-top: 0; }
        .md > :last-child { margin-bottom: 0; }
        .md h1, .md h2, .md h3, .md h4, .md h5, .md h6 { margin: 10px 0 6px; font-weight: 600; line-height: 1.4; }
        .md h1 { font-size: 20px; }
        .md h2 { font-size: 18px; }
        .md h3 { font-size: 17px; }
        .md h4 { font-size: 16px; }
        .md h5 { font-size: 15px; }
        .md h6 { font-size: 14px; color: #5f6163; }
        .md p { margin: 0 0 8px; white-space: normal; }
        .md strong { font-weight: 600; }
        .md blockquote {
          margin: 0 0 8px; padding: 2px 0 2px 9px; border-left: 3px solid #e3e4e6; color: #747677;
          font-size: 14px;
        }
        .md blockquote p { margin: 0 0 4px; }
        .md blockquote > :last-child { margin-bottom: 0; }
        .md ul, .md ol { margin: 0 0 8px; padding-left: 20px; }
        .md li { margin: 0 0 4px; }
        .md li::marker { color: #a2a3a4; }
        .at, .md-link { color: #3296fa; }
        .md-img {
          display: inline-block; min-width: 96px; padding: 18px 10px; border-radius: 6px; background: #eef0f2;
          color: #a2a3a4; font-size: 12px; text-align: center; vertical-align: middle;
        }
        .card-title { font-weight: 600; margin: 0 0 6px; }
        .card-row { display: flex; gap: 10px; align-items: flex-start; }
        .card-text { flex: 1; min-width: 0; color: #747677; font-size: 14px; }
        .card-source {
          margin: 9px -12px -9px; padding: 6px 12px; border-top: 1px solid #f0f1f2; font-size: 12px; color: #a2a3a4;
        }
        .thumb, .hero {
          flex: none; display: flex; align-items: center; justify-content: center; background: #eef0f2;
          color: #c4c6c8; border-radius: 4px;
        }
        .thumb { width: 48px; height: 48px; }
        .buttons { display: flex; flex-direction: column; margin: 10px -12px -9px; border-top: 1px solid #f0f1f2; }
        .buttons .button { padding: 10px 12px; text-align: center; color: #3296fa; font-size: 15px; }
        .buttons .button + .button { border-top: 1px solid #f0f1f2; }
        .buttons.row { flex-direction: row; }
        .buttons.row .button { flex: 1; }
        .buttons.row .button + .button { border-top: 0; border-left: 1px solid #f0f1f2; }
        .bubble.feed { padding: 0; overflow: hidden; }
        .feed-top { position: relative; }
        .hero { height: 120px; border-radius: 0; }
        .feed-title {
          position: absolute; left: 0; right: 0; bottom: 0; padding: 16px 12px 8px; font-weight: 600; color: #fff;
          background: linear-gradient(transparent, rgba(0, 0, 0, .45));
        }
        .feed-top:only-child .feed-title { position: static; color: #171a1d; background: none; padding: 8px 12px; }
        .feed-row {
          display: flex; align-items: center; gap: 10px; padding: 8px 12px; border-top: 1px solid #f0f1f2;
        }
        .feed-text { flex: 1; min-width: 0; font-size: 14px; }
        .input {
          flex: none; display: flex; align-items: center; gap: 10px; padding: 8px 12px 14px; background: #f7f8fa;
          border-top: 1px solid #e6e7e9; color: #171a1d;
        }
        .input .field { flex: 1; height: 36px; border-radius: 8px; background: #fff; }

        """;

    /// <summary>The robot's avatar: a blue circle with a robot's head.</summary>
    public const string RobotAvatar =
        "<svg viewBox=\"0 0 40 40\" width=\"40\" height=\"40\" aria-hidden=\"true\">"
        + "<circle cx=\"20\" cy=\"20\" r=\"20\" fill=\"#3296fa\"/>"
        + "<rect x=\"19\" y=\"8.5\" width=\"2\" height=\"4\" fill=\"#fff\"/><circle cx=\"20\" cy=\"8.5\" r=\"2\" fill=\"#fff\"/>"
        + "<rect x=\"10\" y=\"13\" width=\"20\" height=\"15\" rx=\"5\" fill=\"#fff\"/>"
        + "<rect x=\"7.5\" y=\"18\" width=\"2.5\" height=\"5\" rx=\"1.2\" fill=\"#fff\"/><rect x=\"30\" y=\"18\" width=\"2.5\" height=\"5\" rx=\"1.2\" fill=\"#fff\"/>"
        + "<circle cx=\"16\" cy=\"20\" r=\"2.1\" fill=\"#3296fa\"/><circle cx=\"24\" cy=\"20\" r=\"2.1\" fill=\"#3296fa\"/>"
        + "<rect x=\"16.5\" y=\"24\" width=\"7\" height=\"1.6\" rx=\".8\" fill=\"#3296fa\"/></svg>";

    /// <summary>A small bell before the notification line.</summary>
    public const string BellIcon =
        "<svg viewBox=\"0 0 12 12\" width=\"12\" height=\"12\" aria-hidden=\"true\"><path fill=\"currentColor\" "
        + "d=\"M6 1a3.4 3.4 0 0 0-3.4 3.4v2.3L1.5 8.6v.6h9v-.6L9.4 6.7V4.4A3.4 3.4 0 0 0 6 1zM4.7 9.9a1.3 1.3 0 0 0 2.6 0z\"/></svg>";

    /// <summary>The header's back chevron.</summary>
    public const string BackIcon =
        "<svg viewBox=\"0 0 24 24\" width=\"24\" height=\"24\" aria-hidden=\"true\"><path fill=\"none\" stroke=\"currentColor\" "
        + "stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\" d=\"M15 5l-7 7 7 7\"/></svg>";

    /// <summary>The header's "more" dots.</summary>
    public const string MoreIcon =
        "<svg viewBox=\"0 0 24 24\" width=\"24\" height=\"24\" aria-hidden=\"true\"><g fill=\"currentColor\">"
        + "<circle cx=\"5\" cy=\"12\" r=\"1.8\"/><circle cx=\"12\" cy=\"12\" r=\"1.8\"/><circle cx=\"19\" cy=\"12\" r=\"1.8\"/></g></svg>";

    /// <summary>The input bar's voice button.</summary>
    public const string VoiceIcon =
        "<svg viewBox=\"0 0 28 28\" width=\"28\" height=\"28\" aria-hidden=\"true\"><g fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.6\">"
        + "<circle cx=\"14\" cy=\"14\" r=\"12\"/><path stroke-linecap=\"round\" d=\"M11 10.5a5 5 0 0 1 0 7M14.5 8a8.5 8.5 0 0 1 0 12\"/></g></svg>";

    /// <summary>The input bar's "+" button.</summary>
    public const string PlusIcon =
        "<svg viewBox=\"0 0 28 28\" width=\"28\" height=\"28\" aria-hidden=\"true\"><g fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.6\">"
        + "<circle cx=\"14\" cy=\"14\" r=\"12\"/><path stroke-linecap=\"round\" d=\"M14 8.5v11M8.5 14h11\"/></g></svg>";

    /// <summary>What stands in a picture's place (pictures are never loaded).</summary>
    public const string PictureIcon =
        "<svg viewBox=\"0 0 24 24\" width=\"24\" height=\"24\" aria-hidden=\"true\"><g fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.6\">"
        + "<rect x=\"3\" y=\"5\" width=\"18\" height=\"14\" rx=\"2\"/><circle cx=\"9\" cy=\"10\" r=\"1.6\"/>"
        + "<path stroke-linejoin=\"round\" d=\"M4 17l5-4.5 3.5 3 3-2.5L20 17\"/></g></svg>";
}
