/// What one directive produced: named fields for expressions, and what to show in its place.
/// The renderer sees only these values, never the engine.
public struct StepResult: Sendable {
    /// Fields addressable as `id.name` (and `id.model.name` for per-model figures).
    public var fields: Record
    /// What replaces the directive block in the page, in order.
    public var outputs: [Output]
    /// Files the step wrote (relative to the output folder), e.g. `.tflite` models, C arrays.
    public var artifacts: [String]

    public init(fields: Record = Record(), outputs: [Output] = [], artifacts: [String] = []) {
        self.fields = fields
        self.outputs = outputs
        self.artifacts = artifacts
    }
}

/// One thing a step shows.
public enum Output: Sendable {
    case table(ResultTable)
    case chart(Chart)
    /// Grayscale images (e.g. a grid of data-set samples) drawn as one picture.
    case images(ImageGrid)
    /// Markdown-free plain text paragraph (a step's note).
    case text(String)
    /// A code listing, e.g. the start of a C array.
    case code(String, language: String)
    /// `assert` and `claim` rows.
    case checks([Check])
    case quiz([Question])
    /// Boxes and arrows: model graphs, the troubleshooting flowchart.
    case diagram(Diagram)
    /// The bit-width explorer: precomputed views, one per width, behind a slider.
    case explorer(Explorer)
    /// A step that failed while running: shown as an error box.
    case error(message: String, location: SourceLocation)
    /// A step not run because one it depends on failed.
    case skipped(reason: String)
}

/// A table of already-formatted cells.
public struct ResultTable: Sendable {
    public var columns: [String]
    public var rows: [[String]]
    /// Per column: numbers right-aligned.
    public var alignments: [Table.Alignment]
    public var caption: String?
    public init(columns: [String], rows: [[String]], alignments: [Table.Alignment]? = nil, caption: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.alignments = alignments ?? Array(repeating: .none, count: columns.count)
        self.caption = caption
    }
}

/// A chart description; LabRender draws it as SVG.
public struct Chart: Sendable {
    public enum Kind: String, Sendable { case bar, groupedBar = "grouped-bar", line, scatter, histogram }
    public struct Series: Sendable {
        public var name: String
        /// x values (bar/grouped bar use `categories` instead and leave this empty).
        public var x: [Double]
        public var y: [Double]
        public init(name: String, x: [Double] = [], y: [Double]) { self.name = name; self.x = x; self.y = y }
    }
    public var kind: Kind
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Category names for bar and grouped bar charts, one per bar (group).
    public var categories: [String]
    public var series: [Series]
    /// Dashed reference lines: (label, value) on the y axis (or on x for histograms).
    public var referenceLines: [(label: String, value: Double)]
    public var logY: Bool
    public var caption: String?
    public init(kind: Kind, title: String = "", xLabel: String = "", yLabel: String = "", categories: [String] = [],
                series: [Series], referenceLines: [(label: String, value: Double)] = [], logY: Bool = false,
                caption: String? = nil) {
        self.kind = kind
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
        self.referenceLines = referenceLines
        self.logY = logY
        self.caption = caption
    }
}

/// Same-sized 8-bit grayscale images, drawn in a grid with optional labels.
public struct ImageGrid: Sendable {
    public var width: Int
    public var height: Int
    public var columns: Int
    /// One `width*height` buffer per image, row-major, 0 = black.
    public var images: [[UInt8]]
    public var labels: [String]
    public var caption: String?
    public init(width: Int, height: Int, columns: Int, images: [[UInt8]], labels: [String] = [], caption: String? = nil) {
        self.width = width
        self.height = height
        self.columns = columns
        self.images = images
        self.labels = labels
        self.caption = caption
    }
}

/// One `assert` or `claim` line and how it came out.
public struct Check: Sendable {
    public enum Status: String, Sendable { case passed, failed, holds, contradicted }
    public var text: String
    public var status: Status
    /// e.g. "left = 0.9712, right = 0.98", or "claimed 4×, measured 2.9×".
    public var detail: String
    public var location: SourceLocation
    public init(text: String, status: Status, detail: String, location: SourceLocation) {
        self.text = text
        self.status = status
        self.detail = detail
        self.location = location
    }
}

/// A self-assessment question with its computed answer.
public struct Question: Sendable {
    public enum Answer: Sendable {
        /// A number with an absolute tolerance.
        case numeric(Double, tolerance: Double, unit: String)
        /// One of the choices (index into `choices`).
        case choice(Int)
    }
    public var id: String
    public var prompt: String
    public var choices: [String]
    public var answer: Answer
    public var explanation: String
    public init(id: String, prompt: String, choices: [String] = [], answer: Answer, explanation: String) {
        self.id = id
        self.prompt = prompt
        self.choices = choices
        self.answer = answer
        self.explanation = explanation
    }
}

/// A directed graph of labelled boxes, laid out top to bottom (or left to right).
public struct Diagram: Sendable {
    public struct Node: Sendable {
        public var id: String
        /// First line bold, further lines small.
        public var lines: [String]
        public var style: Style
        public init(id: String, lines: [String], style: Style = .box) { self.id = id; self.lines = lines; self.style = style }
    }
    public enum Style: String, Sendable { case box, decision, terminal, highlight }
    public struct Edge: Sendable {
        public var from: String
        public var to: String
        public var label: String
        public init(from: String, to: String, label: String = "") { self.from = from; self.to = to; self.label = label }
    }
    public var title: String
    /// Side-by-side columns (e.g. float32 and int8 graphs); each is laid out on its own.
    public var columns: [[Node]]
    public var edges: [Edge]
    public var caption: String?
    public init(title: String = "", columns: [[Node]], edges: [Edge], caption: String? = nil) {
        self.title = title
        self.columns = columns
        self.edges = edges
        self.caption = caption
    }
}

/// Precomputed views for a slider: one chart and one line of facts per setting.
public struct Explorer: Sendable {
    public struct View: Sendable {
        public var label: String
        public var facts: [(name: String, value: String)]
        public var chart: Chart
        public init(label: String, facts: [(name: String, value: String)], chart: Chart) {
            self.label = label
            self.facts = facts
            self.chart = chart
        }
    }
    public var title: String
    public var sliderLabel: String
    public var views: [View]
    public var initial: Int
    public init(title: String, sliderLabel: String, views: [View], initial: Int) {
        self.title = title
        self.sliderLabel = sliderLabel
        self.views = views
        self.initial = initial
    }
}
