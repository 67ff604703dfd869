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

    /// The first `count` images of a split (all of them when it has fewer) with their labels,
    /// reading only those records: a raw file is read from the right offset, a gzip file is
    /// inflated (and checked) to its end but only those images are kept. The headers get the
    /// checks of `load(_:split:)`; the labels read are checked to be classes.
    public func load(_ kind: DatasetKind, split: DatasetSplit, prefix count: Int) throws -> Dataset {
        try requirePresent(kind)
        let images = location(of: kind.file(split.usesTrainingFile ? .trainImages : .testImages), in: kind)
        let labels = location(of: kind.file(split.usesTrainingFile ? .trainLabels : .testLabels), in: kind)
        var imageCount = 0, labelCount = 0
        let pick = { (fileCount: Int) -> Range<Int> in
            let whole = split.range(inFileOf: fileCount)
            return whole.lowerBound..<whole.lowerBound + min(max(count, 0), whole.count)
        }
        let imageFile = try IDXFile.read(contentsOf: images) { imageCount = $0; return pick($0) }
        let labelFile = try IDXFile.read(contentsOf: labels) { labelCount = $0; return pick($0) }
        return try Self.pair(kind: kind, split: split, images: imageFile, imageName: images.lastPathComponent,
                             imageCount: imageCount, labels: labelFile, labelName: labels.lastPathComponent,
                             labelCount: labelCount)
    }

    /// Reads an images file and a labels file and checks that they belong together.
    public static func loadPair(kind: DatasetKind, images: URL, labels: URL, split: DatasetSplit) throws -> Dataset {
        let imageFile = try IDXFile.read(contentsOf: images)
        let labelFile = try IDXFile.read(contentsOf: labels)
        return try pair(kind: kind, split: split, images: imageFile, imageName: images.lastPathComponent,
                        imageCount: imageFile.dimensions.first ?? 0, labels: labelFile,
                        labelName: labels.lastPathComponent, labelCount: labelFile.dimensions.first ?? 0)
    }

    /// Checks that images (`imageCount` in their file) and labels (`labelCount`) belong together.
    private static func pair(kind: DatasetKind, split: DatasetSplit, images imageFile: IDXFile, imageName: String,
                             imageCount: Int, labels labelFile: IDXFile, labelName: String,
                             labelCount: Int) throws -> Dataset {
        guard imageFile.elementType == .uint8, imageFile.dimensions.count == 3 else {
            throw DataError.malformed(file: imageName, reason: "expected unsigned bytes in 3 dimensions"
                + " (count×rows×columns), found \(imageFile.elementType) in \(imageFile.dimensions.count)")
        }
        guard labelFile.elementType == .uint8, labelFile.dimensions.count == 1 else {
            throw DataError.malformed(file: labelName, reason: "expected unsigned bytes in 1 dimension,"
                + " found \(labelFile.elementType) in \(labelFile.dimensions.count)")
        }
        guard imageCount == labelCount else {
            throw DataError.malformed(file: labelName, reason: "\(labelCount) labels for \(imageCount) images in \(imageName)")
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
