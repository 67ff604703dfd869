/// Which part of a data set to use.
///
/// `validation` is the last 10% of the 60,000 training images (6,000), taken before any
/// shuffling, as Keras' `validation_split=0.1` does; `train` is the first 90% (54,000);
/// `trainAll` is all 60,000; `test` is the 10,000 test images.
public enum DatasetSplit: String, Sendable, CaseIterable, Codable {
    case train, validation, test, trainAll

    /// The fraction of the training file held out for validation.
    public static let validationFraction = 0.1

    /// The index range of this split inside its file of `fileCount` images
    /// (the training file for train/validation/trainAll, the test file for test).
    public func range(inFileOf fileCount: Int) -> Range<Int> {
        // Keras: split_at = int(n * (1 - validation_split)).
        let splitAt = Int(Double(fileCount) * (1 - Self.validationFraction))
        switch self {
        case .train: return 0..<splitAt
        case .validation: return splitAt..<fileCount
        case .test, .trainAll: return 0..<fileCount
        }
    }

    /// True for the splits that come from the training file.
    public var usesTrainingFile: Bool { self != .test }
}

/// Labelled grey images: `images` holds `count` images of `rows × columns` bytes, row-major,
/// one after another; `labels[i]` is the class of image `i`.
public struct Dataset: Sendable, Equatable {
    public var kind: DatasetKind
    public var split: DatasetSplit
    public var rows: Int
    public var columns: Int
    public var images: [UInt8]
    public var labels: [UInt8]

    public init(kind: DatasetKind, split: DatasetSplit, rows: Int, columns: Int, images: [UInt8], labels: [UInt8]) {
        self.kind = kind
        self.split = split
        self.rows = rows
        self.columns = columns
        self.images = images
        self.labels = labels
    }

    /// Number of images.
    public var count: Int { labels.count }
    /// Pixels per image.
    public var pixelsPerImage: Int { rows * columns }
    /// The class names, indexed by label.
    public var classNames: [String] { kind.classNames }

    /// The pixels of image `index`.
    public func image(_ index: Int) -> ArraySlice<UInt8> {
        images[index * pixelsPerImage ..< (index + 1) * pixelsPerImage]
    }

    /// All pixels as `pixel / 255` in 0…1, the usual input normalisation.
    public var floatImages: [Float] { Self.normalize(images) }

    /// `pixel / 255` for each byte.
    public static func normalize<C: Collection>(_ pixels: C) -> [Float] where C.Element == UInt8 {
        pixels.map { Float($0) / 255 }
    }

    /// Images `range` of this data set, keeping `split` (use for batches or a smaller run).
    public func slice(_ range: Range<Int>, as split: DatasetSplit? = nil) -> Dataset {
        Dataset(kind: kind, split: split ?? self.split, rows: rows, columns: columns,
                images: Array(images[range.lowerBound * pixelsPerImage ..< range.upperBound * pixelsPerImage]),
                labels: Array(labels[range]))
    }

    /// Derives `train` or `validation` from a `trainAll` data set (no re-reading of the file).
    public func subset(_ split: DatasetSplit) -> Dataset {
        slice(split.range(inFileOf: count), as: split)
    }

    /// How many images each class has, indexed by label.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for l in labels where Int(l) < counts.count { counts[Int(l)] += 1 }
        return counts
    }
}

/// A data set's training file (all 60,000 images) and test file, loaded once; `train` and
/// `validation` are cut from `trainAll` on demand.
public struct DatasetSplits: Sendable {
    public var trainAll: Dataset
    public var test: Dataset

    public init(trainAll: Dataset, test: Dataset) {
        self.trainAll = trainAll
        self.test = test
    }

    public var kind: DatasetKind { trainAll.kind }
    /// The first 90% of the training images.
    public var train: Dataset { trainAll.subset(.train) }
    /// The last 10% of the training images.
    public var validation: Dataset { trainAll.subset(.validation) }

    /// One split.
    public func split(_ split: DatasetSplit) -> Dataset {
        switch split {
        case .train: train
        case .validation: validation
        case .test: test
        case .trainAll: trainAll
        }
    }
}
