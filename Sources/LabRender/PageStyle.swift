/// The page's stylesheet: a readable serif text column, a sticky contents sidebar on wide screens,
/// dark colours under `prefers-color-scheme: dark`, and a plain print layout. Only fonts that are
/// already installed are named (no web fonts: the page works offline).
enum PageStyle {
    static let css = """
        :root{--bg:#fdfcfa;--fg:#1d1f23;--muted:#5d6470;--line:#dcdfe4;--soft:#f1f2f5;--accent:#0b5cad;\
        --ok:#1a7f37;--ok-bg:#e9f6ec;--bad:#b42318;--bad-bg:#fdecea;--code-bg:#f3f4f7;--math-bg:#f6f3ea;\(FigureStyle.variables(dark: false))\
        --serif:Charter,"Bitstream Charter","Sitka Text",Cambria,"Iowan Old Style","Palatino Linotype","Noto Serif","DejaVu Serif",Georgia,serif;\
        --sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue","DejaVu Sans",Arial,sans-serif;\
        --mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace}
        @media (prefers-color-scheme:dark){:root{--bg:#15181d;--fg:#e4e6ea;--muted:#9aa3af;--line:#333a44;--soft:#1e232a;\
        --accent:#7cb8f5;--ok:#5fd07f;--ok-bg:#16291d;--bad:#ff8a7a;--bad-bg:#33191a;--code-bg:#1e232a;--math-bg:#22211c;\(FigureStyle.variables(dark: true))}}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;background:var(--bg);color:var(--fg);font-family:var(--serif);font-size:1.075rem;line-height:1.62;\
        font-kerning:normal;text-rendering:optimizeLegibility}
        .page-header{border-bottom:1px solid var(--line);padding:2.2rem 1.25rem 1.4rem}
        .header-inner{max-width:46rem;margin:0 auto}
        .kicker{font-family:var(--sans);text-transform:uppercase;letter-spacing:.12em;font-size:.75rem;color:var(--muted);margin:0 0 .3rem}
        h1,h2,h3,h4,h5,h6{font-family:var(--sans);line-height:1.25;font-weight:650;letter-spacing:-.01em}
        .page-header h1{font-size:clamp(1.7rem,5vw,2.5rem);margin:0}
        h2{font-size:1.5rem;margin:2.6rem 0 .8rem;padding-top:.4rem;border-top:1px solid var(--line)}
        h3{font-size:1.2rem;margin:2rem 0 .6rem}
        h4,h5,h6{font-size:1.02rem;margin:1.6rem 0 .5rem}
        h2,h3,h4,h5,h6,.step{scroll-margin-top:1rem}
        .layout{padding:0 1.25rem 3rem}
        main{max-width:46rem;margin:0 auto;min-width:0}
        .toc{font-family:var(--sans);font-size:.9rem;line-height:1.4;max-width:46rem;margin:1.2rem auto 0;\
        padding:.8rem 1rem;border:1px solid var(--line);border-radius:8px;background:var(--soft)}
        .toc-title{margin:0 0 .4rem;font-weight:650;text-transform:uppercase;letter-spacing:.08em;font-size:.72rem;color:var(--muted)}
        .toc ol{list-style:none;margin:0;padding:0}.toc ol ol{padding-left:.9rem;font-size:.85rem}
        .toc li{margin:.22rem 0}.toc a{color:var(--fg);text-decoration:none}.toc a:hover{color:var(--accent);text-decoration:underline}
        @media (min-width:72rem){.layout{display:grid;grid-template-columns:15rem minmax(0,46rem);gap:3.5rem;justify-content:center}.layout.no-toc{grid-template-columns:minmax(0,46rem)}\
        .toc{position:sticky;top:1rem;align-self:start;max-height:calc(100vh - 2rem);overflow:auto;margin:2.4rem 0 0;\
        background:none;border:none;border-left:2px solid var(--line);border-radius:0;padding:.2rem 0 .2rem 1rem}\
        main{margin:0}.page-header .header-inner{max-width:calc(15rem + 3.5rem + 46rem)}}
        p,ul,ol,blockquote,pre,figure,.table-wrap{margin:0 0 1.1rem}
        a{color:var(--accent);text-underline-offset:.15em}
        li{margin:.25rem 0}li>ul,li>ol{margin-bottom:0}
        li.task{list-style:none}li.task input{margin:0 .4rem 0 -1.3rem}
        blockquote{margin-left:0;padding:.2rem 1rem;border-left:4px solid var(--line);color:var(--muted)}
        hr{border:none;border-top:1px solid var(--line);margin:2rem 0}
        code,pre,kbd{font-family:var(--mono);font-size:.86em}
        :not(pre)>code{background:var(--code-bg);padding:.08em .32em;border-radius:4px;overflow-wrap:anywhere}
        pre{background:var(--code-bg);padding:.85rem 1rem;border-radius:8px;overflow-x:auto;line-height:1.45;border:1px solid var(--line)}
        pre code{font-size:.84rem}
        pre.raw-html{border-style:dashed}\
        pre.raw-html::before{content:"HTML shown as text";display:block;margin-bottom:.35rem;font-family:var(--sans);\
        font-size:.7rem;text-transform:uppercase;letter-spacing:.08em;color:var(--muted)}
        .blocked-url{color:var(--muted);text-decoration:underline dotted;text-underline-offset:.2em;cursor:help}\
        .blocked-url::after{content:" (address removed)";font-family:var(--sans);font-size:.75em}
        .directive-source{border-left:4px solid var(--accent)}
        .math{font-family:"Latin Modern Math","STIX Two Math","Cambria Math","STIX Two Text",var(--serif);\
        white-space:nowrap}.math .up{font-style:normal}.math i{font-style:italic}.math sub,.math sup{font-size:.72em}\
        .frac{display:inline-flex;flex-direction:column;vertical-align:middle;text-align:center;margin:0 .15em}\
        .frac>span:first-child{border-bottom:1px solid currentColor;padding:0 .2em}.frac>span{line-height:1.25}\
        .sqrt{border-top:1px solid currentColor}
        div.math,.math.display{display:block;white-space:nowrap;text-align:center;padding:.6rem 1rem;margin:0 0 1.1rem;overflow-x:auto;\
        font-size:1.05em;border-radius:6px}
        .value{font-variant-numeric:tabular-nums;font-weight:600}
        .value-error{color:var(--bad);background:var(--bad-bg);border:1px solid var(--bad);border-radius:4px;padding:0 .3em;\
        font-family:var(--sans);font-size:.85em}
        .table-wrap{overflow-x:auto;margin-bottom:.4rem}
        table{border-collapse:collapse;font-family:var(--sans);font-size:.9rem;min-width:50%;font-variant-numeric:tabular-nums}
        th,td{padding:.4rem .75rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        thead th{border-bottom:2px solid var(--fg);font-weight:650}
        tbody tr:nth-child(even){background:var(--soft)}
        th.num,td.num{text-align:right}th.center,td.center{text-align:center}
        figure{margin:1.4rem 0 1.6rem}
        figcaption,.caption{font-family:var(--sans);font-size:.86rem;color:var(--muted);margin-top:.4rem}
        svg.figure{display:block;width:100%;height:auto;margin:0 auto;color:var(--fg);\
        font-family:var(--sans)}
        svg.chart-narrow{display:none}
        @media (max-width:32rem){svg.chart-wide{display:none}svg.chart-narrow{display:block}}
        .diagram-figure{overflow-x:auto}
        \(FigureStyle.pageCSS)
        .step{margin:1.4rem 0}
        .artifacts{font-family:var(--sans);font-size:.85rem;color:var(--muted)}
        .step-note{font-family:var(--sans);font-size:.95rem;color:var(--muted)}
        .checks{list-style:none;padding:0;font-family:var(--sans);font-size:.92rem}
        .checks li{display:flex;flex-wrap:wrap;gap:.2rem .5rem;align-items:baseline;padding:.45rem .7rem;border-radius:6px;margin:.35rem 0}
        .checks li.pass{background:var(--ok-bg)}.checks li.fail{background:var(--bad-bg)}
        .checks .mark{font-weight:700;width:1.1rem}.pass .mark,.pass .status{color:var(--ok)}.fail .mark,.fail .status{color:var(--bad)}
        .checks .status{font-weight:650}
        .checks .detail{flex-basis:100%;padding-left:1.6rem;color:var(--muted)}
        .checks li.claim{background:var(--soft);border-left:3px solid var(--muted)}.claims .detail{padding-left:0}
        .claims q{font-style:italic}.claims .status{color:var(--muted)}
        .checks-passed{font-family:var(--sans);font-size:.88rem;color:var(--muted);margin:.4rem 0}.checks-passed summary{cursor:pointer}
        .error-box,.skipped-box{font-family:var(--sans);font-size:.92rem;border-radius:8px;padding:.8rem 1rem;margin:1rem 0}
        .error-box{background:var(--bad-bg);border:1px solid var(--bad);border-left-width:5px}
        .error-box .box-title{color:var(--bad)}.error-box pre{background:transparent;border:none;padding:0;margin:0;white-space:pre-wrap}
        .skipped-box{background:var(--soft);border:1px dashed var(--muted);color:var(--muted)}
        .stale-badge{font-family:var(--sans);font-size:.85rem;color:var(--muted);border-left:3px solid var(--accent);\
        padding:.2rem .6rem;margin:.6rem 0}.stale-badge strong{color:var(--accent);margin-right:.4rem}
        .box-title{font-weight:700;margin:0 0 .3rem}.error-box p,.skipped-box p{margin:0 0 .3rem}
        .quiz{padding-left:1.4rem}
        .quiz-q{margin:0 0 1.3rem;padding:.7rem 1rem;border:1px solid var(--line);border-radius:8px;background:var(--soft)}
        .quiz .prompt{margin:0 0 .5rem;font-weight:600}.quiz .qid{font-weight:400;font-size:.75em;opacity:.7}
        .choices label{display:block;padding:.2rem 0;cursor:pointer}.choices input{margin-right:.4rem}
        .answer-row{margin:.4rem 0 0;font-family:var(--sans);display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
        .quiz input[type=text]{font:inherit;width:9rem;padding:.3rem .5rem;border:1px solid var(--muted);border-radius:6px;\
        background:var(--bg);color:var(--fg)}
        button.check,button.retry,button.reveal{font:inherit;font-weight:600;padding:.3rem .95rem;border-radius:6px;\
        border:1px solid var(--accent);background:var(--accent);color:var(--bg);cursor:pointer}
        button.retry,button.reveal{background:transparent;color:var(--accent)}
        .quiz button:focus-visible,.quiz input:focus-visible,.quiz summary:focus-visible,.explorer input:focus-visible{outline:3px solid var(--c4);outline-offset:2px}
        .feedback.right{color:var(--ok);font-weight:600}.feedback.wrong{color:var(--bad);font-weight:600}
        .choices .letter{font-weight:600;margin-right:.15rem}.quiz [hidden]{display:none}
        .solution{margin-top:.6rem;padding-top:.5rem;border-top:1px solid var(--line)}.solution p{margin:.4rem 0}
        .solution summary{font-family:var(--sans);font-weight:600;color:var(--accent);cursor:pointer}
        .explorer{border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem;margin:1.4rem 0}
        .explorer-title{font-family:var(--sans);font-weight:650;margin:0 0 .5rem}
        .explorer-control{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;font-family:var(--sans)}
        .explorer-control input{flex:1 1 12rem;accent-color:var(--accent)}
        .explorer-control output{font-weight:700}
        .facts{display:flex;flex-wrap:wrap;gap:.4rem 1.4rem;font-family:var(--sans);font-size:.9rem;margin:.8rem 0}
        .facts dt{color:var(--muted);font-size:.78rem}.facts dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums}
        .page-footer{border-top:1px solid var(--line);padding:1rem 1.25rem 2rem;text-align:center;font-family:var(--sans);\
        font-size:.8rem;color:var(--muted)}
        @media (max-width:40rem){body{font-size:1rem}.page-header{padding:1.4rem 1rem 1rem}.layout{padding:0 1rem 2rem}\
        .quiz{padding-left:1.1rem}th,td{padding:.35rem .5rem}}
        @media print{:root{--bg:#fff;--fg:#000;--soft:#f4f4f4}.toc,button.check,button.retry,button.reveal,.feedback,.explorer-control input{display:none}\
        .layout{display:block}main{max-width:none}.solution[hidden]{display:block}\
        figure,pre,table,.quiz-q,.checks li{break-inside:avoid}h2,h3{break-after:avoid}a{color:inherit}}
        \(PhoneStyle.css)
        """
}

/// The page's script: the quiz (`QuizScript`) and the explorer's slider. Runs offline; only touches
/// elements the renderer wrote.
enum PageScript {
    static let js = QuizScript.js + "\n" + explorer

    static let explorer = """
        (function(){
        if(typeof document==='undefined')return;
        document.querySelectorAll('.explorer').forEach(function(x){
        var slider=x.querySelector('input[type=range]'),output=x.querySelector('output'),views=x.querySelectorAll('.explorer-view');
        if(!slider)return;
        function show(){var i=Number(slider.value);views.forEach(function(v,j){v.hidden=j!==i;});if(output&&views[i])output.textContent=views[i].dataset.label;}
        slider.addEventListener('input',show);
        });
        })();
        """
}
