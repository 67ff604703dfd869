/// The stylesheet's rules for narrow screens and for everything that scrolls sideways (issue 15), kept
/// together after the rest of `PageStyle`.
///
/// A box that scrolls sideways (`.scroll-x`: tables and display formulas; code blocks; diagrams) shows a
/// soft shadow on each edge that has more to see. The shadows are background layers fixed to the box,
/// and covers of the box's own colour scroll with the content and hide a shadow once its edge is reached,
/// so the cue is exact with no script. Content must be see-through for it: table stripes are translucent.
enum PhoneStyle {
    static let css = """
        :root{--scroll-shadow:rgba(29,31,35,.25);--stripe:rgba(53,86,167,.06)}
        @media (prefers-color-scheme:dark){:root{--scroll-shadow:rgba(228,230,234,.28);--stripe:rgba(171,207,246,.06)}}
        .scroll-x,pre,.diagram-figure{--scroll-bg:var(--bg);overflow-x:auto;\
        background:linear-gradient(to right,var(--scroll-bg) 62%,transparent) left center/1.6rem 100% no-repeat local,\
        linear-gradient(to left,var(--scroll-bg) 62%,transparent) right center/1.6rem 100% no-repeat local,\
        radial-gradient(farthest-side at 0 50%,var(--scroll-shadow),transparent) left center/.8rem 100% no-repeat scroll,\
        radial-gradient(farthest-side at 100% 50%,var(--scroll-shadow),transparent) right center/.8rem 100% no-repeat scroll,\
        var(--scroll-bg)}
        pre{--scroll-bg:var(--code-bg)}
        .scroll-x tbody tr:nth-child(even){background:var(--stripe)}
        .scroll-hint::after{content:"scroll →";display:none;box-sizing:border-box;position:sticky;left:0;width:100%;text-align:right;\
        font-family:var(--sans);font-size:.72rem;color:var(--muted);padding:.1rem .2rem 0}
        svg.images .grid-label{font-size:var(--label)}
        @media (max-width:32rem){svg.images .grid-label{font-size:var(--label-narrow)}}
        @media (max-width:30rem){.scroll-hint::after{display:block}td.num,th.num{white-space:nowrap}}
        @media print{.scroll-x,pre,.diagram-figure{background:var(--scroll-bg)}.scroll-hint::after{display:none}}
        """
}
