import Foundation

extension DataDirectory {
    /// Loads one split of a data set. Reads the training file for `train`, `validation` and
    /// `trainAll`, the test file for `test`. Each file is first checked to be a regular file
    /// with its pinned SHA-256 (hashes are remembered by file status, so this costs one hash
    /// per changed file); damaged data is refused with its path and the fix, never used.
    public func load(_ kind: DatasetKind, split: DatasetSplit) throws -> Dataset {
        let (images, labels) = try checkedFiles(kind, split)
        let whole = try usable(kind) {
            try Self.loadPair(kind: kind, images: images.url, labels: labels.url, split: split == .test ? .test : .trainAll,
                              names: (images.shown, labels.shown))
        }
        return split == .test || split == .trainAll ? whole : whole.subset(split)
    }

    /// The first `count` images of a split (all of them when it has fewer) with their labels,
    /// reading only those records: a raw file is read from the right offset, a gzip file is
    /// inflated (and checked) to its end but only those images are kept. The files get the
    /// checks of `load(_:split:)`; the labels read are checked to be classes.
    public func load(_ kind: DatasetKind, split: DatasetSplit, prefix count: Int) throws -> Dataset {
        let (images, labels) = try checkedFiles(kind, split)
        var imageCount = 0, labelCount = 0
        let pick = { (fileCount: Int) -> Range<Int> in
            let whole = split.range(inFileOf: fileCount)
            return whole.lowerBound..<whole.lowerBound + min(max(count, 0), whole.count)
        }
        return try usable(kind) {
            let imageFile = try IDXFile.read(contentsOf: images.url, name: images.shown) { imageCount = $0; return pick($0) }
            let labelFile = try IDXFile.read(contentsOf: labels.url, name: labels.shown) { labelCount = $0; return pick($0) }
            return try Self.pair(kind: kind, split: split, images: imageFile, imageName: images.shown,
                                 imageCount: imageCount, labels: labelFile, labelName: labels.shown, labelCount: labelCount)
        }
    }

    /// The images and labels files a split reads, checked (see `checkedLocation`).
    private func checkedFiles(_ kind: DatasetKind, _ split: DatasetSplit) throws
        -> (images: (url: URL, shown: String), labels: (url: URL, shown: String)) {
        try requirePresent(kind)
        let roles: (DatasetFile.Role, DatasetFile.Role) = split.usesTrainingFile ? (.trainImages, .trainLabels) : (.testImages, .testLabels)
        let images = kind.file(roles.0), labels = kind.file(roles.1)
        return ((try checkedLocation(of: images, in: kind, pinned: checksPins), displayPath(of: images, in: kind)),
                (try checkedLocation(of: labels, in: kind, pinned: checksPins), displayPath(of: labels, in: kind)))
    }

    /// Errors reading files of a data set, with the fix added (fetch it again).
    private func usable<T>(_ kind: DatasetKind, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as IDXError {
            throw DataError.unusable(error.description, kind: kind)
        } catch let error as DataError {
            if case .malformed = error { throw DataError.unusable(error.description, kind: kind) }
            throw error
        }
    }

    /// Reads an images file and a labels file and checks that they belong together.
    /// `names` start error messages (default: the files' names).
    public static func loadPair(kind: DatasetKind, images: URL, labels: URL, split: DatasetSplit,
                                names: (images: String, labels: String)? = nil) throws -> Dataset {
        let imageName = names?.images ?? images.lastPathComponent, labelName = names?.labels ?? labels.lastPathComponent
        let imageFile = try IDXFile.read(contentsOf: images, name: imageName)
        let labelFile = try IDXFile.read(contentsOf: labels, name: labelName)
        return try pair(kind: kind, split: split, images: imageFile, imageName: imageName,
                        imageCount: imageFile.dimensions.first ?? 0, labels: labelFile,
                        labelName: labelName, labelCount: labelFile.dimensions.first ?? 0)
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
