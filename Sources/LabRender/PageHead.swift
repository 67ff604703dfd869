/// The start of every HTML page labrun writes, up to and including `<body>`: the
/// Content-Security-Policy that allows exactly `styles` (and the scripts it was built for), the
/// viewport and colour schemes, the title (already escaped) and the inline styles.
enum PageHead {
    static func html(title: String, policy: ContentSecurityPolicy, styles: [String]) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        \(policy.metaTag)
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>\(title)</title>
        \(styles.map { "<style>\($0)</style>" }.joined(separator: "\n"))
        </head>
        <body>

        """
    }
}
