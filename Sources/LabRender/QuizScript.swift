/// The quiz's script: reads a typed answer by the same rules as `labrun answers`
/// (`AnswerNormalizer` in LabRunner; both are tested against `Tests/Fixtures/answer-rules.json`)
/// and turns each question's answer, which the page shows behind a `<details>` for readers
/// without JavaScript, into Check → "Not yet" → Try again / Show answer.
///
/// `labrunAnswers.accepts(kind, answer, tolerance, unit, choices, text)` is the grading rule;
/// outside a browser (the tests run it in Node) only that is defined.
enum QuizScript {
    static let js = #"""
        var labrunAnswers=(function(){
        var SPACES=' \u00a0\u2009\u202f',MINUS='-\u2212\u2013';
        function isDigit(c){return c>='0'&&c<='9';}
        function squeeze(t){return t.toLowerCase().split(/[\s\u00a0\u2009\u202f]+/).filter(Boolean).join(' ');}
        function decimalDigits(body){
        if(!body||!isDigit(body[0])||!isDigit(body[body.length-1]))return null;
        var groups=[''],seps=[],i,c;
        for(i=0;i<body.length;i++){c=body[i];
        if(isDigit(c)){groups[groups.length-1]+=c;continue;}
        if(groups[groups.length-1]==='')return null;
        seps.push(SPACES.indexOf(c)>=0?' ':c);groups.push('');}
        if(!seps.length)return groups[0];
        var last=seps[seps.length-1],usesSpaces=seps.indexOf(' ')>=0,decimal=null;
        if(last==='.')decimal='.';
        else if(last===','&&seps.filter(function(s){return s===',';}).length===1){
        var thousands=groups[groups.length-1].length===3&&groups.length===2&&groups[0][0]!=='0';
        if(usesSpaces||!thousands)decimal=',';}
        var fraction=null;
        if(decimal!==null){fraction=groups.pop();seps.pop();}
        if(seps.indexOf('.')>=0)return null;
        for(i=1;i<seps.length;i++)if(seps[i]!==seps[0])return null;
        if(seps.length){
        if(groups[0].length<1||groups[0].length>3||groups[0][0]==='0')return null;
        for(i=1;i<groups.length;i++)if(groups[i].length!==3)return null;}
        return groups.join('')+(fraction===null?'':'.'+fraction);}
        function number(text,unit){
        var rest=String(text).trim(),sign=1;
        if(rest&&(MINUS.indexOf(rest[0])>=0||rest[0]==='+')){sign=rest[0]==='+'?1:-1;rest=rest.slice(1);}
        var n=0;while(n<rest.length&&(isDigit(rest[n])||rest[n]===','||rest[n]==='.'||SPACES.indexOf(rest[n])>=0))n++;
        var body=rest.slice(0,n);rest=rest.slice(n);
        while(body&&SPACES.indexOf(body[body.length-1])>=0)body=body.slice(0,-1);
        if(body[0]==='.')body='0'+body;
        var mantissa=decimalDigits(body);if(mantissa===null)return null;
        var e=/^[eE][+-]?[0-9]+/.exec(rest),exponent='';
        if(e){exponent=e[0];rest=rest.slice(exponent.length);}
        var given=squeeze(rest);
        if(given!==''&&!(unit&&given===squeeze(unit)))return null;
        var x=Number(mantissa+exponent);
        return isNaN(x)?null:sign*x;}
        function choice(text,choices){
        var given=squeeze(String(text)),i;
        for(i=0;i<choices.length;i++)if(squeeze(choices[i])===given)return i;
        var letter=given;
        if(letter[0]==='('&&letter[letter.length-1]===')')letter=letter.slice(1,-1);
        else if(/[).]$/.test(letter))letter=letter.slice(0,-1);
        if(/^[a-z]$/.test(letter)&&letter.charCodeAt(0)-97<choices.length)return letter.charCodeAt(0)-97;
        if(/^[0-9]+$/.test(given)&&Number(given)<choices.length)return Number(given);
        return null;}
        function accepts(kind,answer,tolerance,unit,choices,text){
        if(kind==='choice'){var i=choice(text,choices);return i===null?null:i===answer;}
        var x=number(text,unit);
        if(x===null)return null;
        return Math.abs(x-answer)<=tolerance+1e-9*Math.max(1,Math.abs(answer));}
        return {number:number,choice:choice,accepts:accepts};
        })();
        if(typeof document!=='undefined')document.querySelectorAll('.quiz-q').forEach(function(q){
        var row=q.querySelector('.answer-row'),check=q.querySelector('button.check'),feedback=q.querySelector('.feedback'),
        retry=q.querySelector('button.retry'),reveal=q.querySelector('button.reveal'),solution=q.querySelector('details.solution');
        if(!row||!check||!feedback||!solution)return;
        row.hidden=false;solution.hidden=true;
        var choices=[].map.call(q.querySelectorAll('.choice-text'),function(c){return c.textContent;});
        function show(){solution.hidden=false;solution.open=true;}
        function say(text,kind,offer){feedback.textContent=text;feedback.className='feedback'+(kind?' '+kind:'');retry.hidden=reveal.hidden=!offer;}
        check.addEventListener('click',function(){
        var text;
        if(q.dataset.kind==='choice'){var picked=q.querySelector('input[type=radio]:checked');text=picked?picked.value:'';}
        else text=q.querySelector('input[type=text]').value;
        if(String(text).trim()===''){say(q.dataset.kind==='choice'?'Pick an answer first.':'Type a number first.','',false);return;}
        var right=labrunAnswers.accepts(q.dataset.kind,Number(q.dataset.answer),Number(q.dataset.tolerance)||0,q.dataset.unit||'',choices,text);
        if(right===null){say(q.dataset.unit?'Write a number, e.g. 12,810 or 0.5, and '+q.dataset.unit+' or no unit.':'Write a number, e.g. 12,810 or 0.5.','',false);return;}
        if(right){say('\u2713 Right.','right',false);show();}
        else say('\u2717 Not yet.','wrong',true);
        });
        retry.addEventListener('click',function(){say('','',false);var input=q.querySelector('input[type=text]')||q.querySelector('input[type=radio]:checked');
        if(input){if(input.type==='text')input.select();input.focus();}});
        reveal.addEventListener('click',function(){say('','',false);show();});
        });
        """#
}
