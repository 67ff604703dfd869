import Foundation
import LabDocument
import Testing
@testable import LabRender

/// The page's quiz script, run in Node: it must accept and reject typed answers exactly as the
/// shared table says (`labrun answers` is held to the same table in LabRunnerTests). Reports
/// skipped, not passed, where Node is not installed (`make test` installs it).
@Suite(.enabled(if: Node.path != nil, "needs node (apt-get install nodejs)"))
struct QuizScriptTests {
    struct Rule: Decodable {
        var input: String
        var answer: Double
        var tolerance: Double?
        var unit: String?
        var choices: [String]?
        var accepted: Bool
        var why: String
    }

    static let rulesURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/answer-rules.json")

    /// The script exactly as a rendered page carries it.
    static func pageScript() throws -> String {
        let q = Question(id: "q", prompt: "?", answer: .numeric(1, tolerance: 0, unit: ""), explanation: "")
        let document = Document.parse(text: "```lab quiz #q\n```\n", path: "quiz.md")
        let id = document.directives.first?.id ?? "q"
        let page = HTMLRenderer.render(RenderInput(document: document, results: [id: StepResult(outputs: [.quiz([q])])]))
        let start = try #require(page.range(of: "<script>")), end = try #require(page.range(of: "</script>"))
        return String(page[start.upperBound..<end.lowerBound])
    }

    @Test func typedAnswersFollowTheSharedTable() throws {
        let rulesJSON = try String(contentsOf: Self.rulesURL, encoding: .utf8)
        let rules = try JSONDecoder().decode([Rule].self, from: Data(rulesJSON.utf8))
        #expect(rules.count > 50)
        let harness = try Self.pageScript() + """

            var rules=\(rulesJSON);
            console.log(JSON.stringify(rules.map(function(r){
            return labrunAnswers.accepts(r.choices?'choice':'numeric',r.answer,r.tolerance||0,r.unit||'',r.choices||[],r.input)===true;})));
            """
        let output = try Node.run(harness)
        let verdicts = try JSONDecoder().decode([Bool].self, from: Data(output.utf8))
        #expect(verdicts.count == rules.count)
        for (rule, accepted) in zip(rules, verdicts) {
            #expect(accepted == rule.accepted, "page: \"\(rule.input)\" for \(rule.answer): \(rule.why)")
        }
    }

    /// The page's script on one question, through a stand-in for the browser's DOM: a wrong
    /// answer says "Not yet" and keeps the answer folded; Try again clears that; a right answer,
    /// or Show answer, opens it.
    @Test func aWrongAnswerOffersTryAgainAndShowAnswer() throws {
        let harness = """
            function el(extra){var e={hidden:false,textContent:'',className:'',open:false,value:'',handlers:{},
            addEventListener:function(t,f){this.handlers[t]=f;},click:function(){this.handlers.click();},select:function(){},focus:function(){}};
            for(var k in extra)e[k]=extra[k];return e;}
            var parts={'.answer-row':el({hidden:true}),'button.check':el(),'.feedback':el(),'button.retry':el({hidden:true}),
            'button.reveal':el({hidden:true}),'details.solution':el(),'input[type=text]':el({type:'text'})};
            var q={dataset:{kind:'numeric',answer:'12810',tolerance:'0',unit:'KB'},
            querySelector:function(s){return parts[s]||null;},querySelectorAll:function(){return [];}};
            var document={querySelectorAll:function(s){return s==='.quiz-q'?[q]:[];}};
            """ + (try Self.pageScript()) + """

            var log=[],p=parts;function state(){log.push([p['.answer-row'].hidden,p['.feedback'].textContent,p['button.retry'].hidden,
            p['button.reveal'].hidden,p['details.solution'].hidden,p['details.solution'].open]);}
            state();
            p['input[type=text]'].value='12,811';p['button.check'].click();state();
            p['button.retry'].click();state();
            p['input[type=text]'].value='12 810 KB';p['button.check'].click();state();
            p['details.solution'].hidden=true;p['details.solution'].open=false;
            p['input[type=text]'].value='1';p['button.check'].click();p['button.reveal'].click();state();
            p['input[type=text]'].value='12810 MB';p['button.check'].click();state();
            console.log(JSON.stringify(log));
            """
        let output = try Node.run(harness).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(output == """
            [[false,"",true,true,true,false],\
            [false,"✗ Not yet.",false,false,true,false],\
            [false,"",true,true,true,false],\
            [false,"✓ Right.",true,true,false,true],\
            [false,"",true,true,false,true],\
            [false,"Write a number, e.g. 12,810 or 0.5, and KB or no unit.",true,true,false,true]]
            """)
    }
}

/// Node.js, if installed.
enum Node {
    static let path: String? = ["/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `script` (given on stdin) and returns what it printed.
    static func run(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "node")
        process.arguments = ["-"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
