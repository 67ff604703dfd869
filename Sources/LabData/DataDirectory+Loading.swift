import Foundation

extension DataDirectory {
    /// Loads one split of a data set. Reads the training file for `train`, `validation` and
    /// `trainAll`, the test file for `test`. Files are checked for shape, not hashed (that is
    /// `verify`'s job, done once by `DataFetcher`).
    public func load(_ kind: DatasetKind, split: DatasetSplit) throws -> Dataset {
        try requirePresent(kind)
        let images = location(of: kind.file(split.usesTrainingFile ? .trainImages : .testImages), in: kind)
        let labels = location(of: kind.file(split.usesTrainingFile ? .trainLabels : .testLabels), in: kind)
        let whole = try Self.loadPair(kind: kind, images: images, labels: labels,
                                      split: split == .test ? .test : .trainAll)
        return split == .test || split == .trainAll ? whole : whole.subset(split)
    }

    /// Reads an images file and a labels file and checks that they belong together.
    public static func loadPair(kind: DatasetKind, images: URL, labels: URL, split: DatasetSplit) throws -> Dataset {
        let imageFile = try IDXFile.read(contentsOf: images)
        let labelFile = try IDXFile.read(contentsOf: labels)
        let imageName = images.lastPathComponent, labelName = labels.lastPathComponent
        guard imageFile.elementType == .uint8, imageFile.dimensions.count == 3 else {
            throw DataError.malformed(file: imageName, reason: "expected unsigned bytes in 3 dimensions"
                + " (count×rows×columns), found \(imageFile.elementType) in \(imageFile.dimensions.count)")
        }
        guard labelFile.elementType == .uint8, labelFile.dimensions.count == 1 else {
            throw DataError.malformed(file: labelName, reason: "expected unsigned bytes in 1 dimension,"
                + " found \(labelFile.elementType) in \(labelFile.dimensions.count)")
        }
        guard imageFile.dimensions[0] == labelFile.dimensions[0] else {
            throw DataError.malformed(file: labelName, reason: "\(labelFile.dimensions[0]) labels"
                + " for \(imageFile.dimensions[0]) images in \(imageName)")
        }
        let classCount = kind.classNames.count
        if let bad = labelFile.bytes.firstIndex(where: { Int($0) >= classCount }) {
            throw DataError.malformed(file: labelName, reason: "label \(labelFile.bytes[bad]) at index \(bad)"
                + " is not a class (0…\(classCount - 1))")
        }
        return Dataset(kind: kind, split: split, rows: imageFile.dimensions[1], columns: imageFile.dimensions[2],
                       images: imageFile.bytes, labels: labelFile.bytes)
    }
}

extension DataDirectory {
    /// Loads the training and test files of a data set.
    public func loadSplits(_ kind: DatasetKind) throws -> DatasetSplits {
        DatasetSplits(trainAll: try load(kind, split: .trainAll), test: try load(kind, split: .test))
    }

    /// A data directory at `url`, shown relative to the current directory when it is inside it
    /// (so messages say `Data/mnist`, not a long absolute path).
    public static func at(_ url: URL, currentDirectory: String = FileManager.default.currentDirectoryPath) -> DataDirectory {
        let path = url.standardizedFileURL.path
        let base = currentDirectory.hasSuffix("/") ? currentDirectory : currentDirectory + "/"
        return DataDirectory(url: url, displayPath: path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path)
    }
}
