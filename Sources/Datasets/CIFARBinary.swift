import Foundation

/// Readers for the official binary CIFAR formats (Krizhevsky, 2009, "Learning Multiple
/// Layers of Features from Tiny Images"): records of label byte(s) then 3,072 pixel bytes,
/// the red, green and blue 32×32 planes in turn.
///
/// - CIFAR-10 (`cifar-10-batches-bin/`): `data_batch_1.bin` … `data_batch_5.bin`,
///   `test_batch.bin`, `batches.meta.txt`; records of 1 + 3,072 bytes.
/// - CIFAR-100 (`cifar-100-binary/`): `train.bin`, `test.bin`, `fine_label_names.txt`,
///   `coarse_label_names.txt`; records of 2 (coarse, fine) + 3,072 bytes.
public enum CIFARBinary {
  public static let cifar10Classes = [
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
  ]

  /// Reads CIFAR-10's `split` ("train" or "test") from the `cifar-10-batches-bin` folder.
  public static func cifar10(directory: URL, split: String) throws -> ImageDataset {
    let files = split == "train" ? (1...5).map { "data_batch_\($0).bin" } : ["test_batch.bin"]
    var names = cifar10Classes
    if let meta = try? String(
      contentsOf: directory.appendingPathComponent("batches.meta.txt"), encoding: .utf8)
    {
      let read = meta.split(whereSeparator: \.isNewline).map {
        $0.trimmingCharacters(in: .whitespaces)
      }.filter { !$0.isEmpty }
      if read.count == 10 { names = read }
    }
    var pixels: [UInt8] = [], labels: [Int] = []
    for file in files {
      let records = try read(
        directory.appendingPathComponent(file), labelBytes: 1, classCounts: [10])
      pixels += records.pixels
      labels += records.labels[0]
    }
    return ImageDataset(
      name: "CIFAR-10", imageShape: [3, 32, 32], pixels: pixels, labels: labels, classNames: names)
  }

  /// Reads CIFAR-100's `split` from the `cifar-100-binary` folder; labels are the 100 fine
  /// classes, with the 20 coarse ones alongside.
  public static func cifar100(directory: URL, split: String) throws -> ImageDataset {
    let records = try read(
      directory.appendingPathComponent(split == "train" ? "train.bin" : "test.bin"), labelBytes: 2,
      classCounts: [20, 100])
    func names(_ file: String, _ count: Int) -> [String] {
      let text =
        (try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)) ?? ""
      let read = text.split(whereSeparator: \.isNewline).map {
        $0.trimmingCharacters(in: .whitespaces)
      }.filter { !$0.isEmpty }
      return read.count == count ? read : (0..<count).map { "class \($0)" }
    }
    return ImageDataset(
      name: "CIFAR-100", imageShape: [3, 32, 32], pixels: records.pixels, labels: records.labels[1],
      classNames: names("fine_label_names.txt", 100), coarseLabels: records.labels[0])
  }

  /// Reads one binary file of records with `labelBytes` label bytes each.
  public static func read(_ url: URL, labelBytes: Int, classCounts: [Int]) throws -> (
    pixels: [UInt8], labels: [[Int]]
  ) {
    let data = try DatasetError.contents(of: url)
    let recordSize = labelBytes + 3072
    guard data.count % recordSize == 0, !data.isEmpty else {
      throw DatasetError(
        path: url.path, location: "byte \(data.count / recordSize * recordSize)",
        message:
          "size \(data.count) is not a whole number of \(recordSize)-byte records (\(data.count / recordSize) whole records, then \(data.count % recordSize) bytes: truncated or not a CIFAR file)",
        fix: DatasetError.redownload)
    }
    let count = data.count / recordSize
    var pixels = [UInt8](repeating: 0, count: count * 3072)
    var labels = [[Int]](repeating: [Int](repeating: 0, count: count), count: labelBytes)
    try data.withUnsafeBytes { raw in
      let bytes = raw.bindMemory(to: UInt8.self)
      try pixels.withUnsafeMutableBufferPointer { target in
        for record in 0..<count {
          let base = record * recordSize
          for l in 0..<labelBytes {
            let label = Int(bytes[base + l])
            guard label < classCounts[l] else {
              throw DatasetError(
                path: url.path, location: "record \(record) (byte \(base + l))",
                message: "label \(label) is not in 0..<\(classCounts[l])",
                fix: DatasetError.redownload)
            }
            labels[l][record] = label
          }
          (target.baseAddress! + record * 3072).update(
            from: bytes.baseAddress! + base + labelBytes, count: 3072)
        }
      }
    }
    return (pixels, labels)
  }

  /// The bytes of a CIFAR binary file holding `dataset` (tests and exports).
  public static func encode(_ dataset: ImageDataset, coarseLabels: [Int]? = nil) -> Data {
    var data = Data()
    for i in 0..<dataset.count {
      if let coarse = coarseLabels { data.append(UInt8(coarse[i])) }
      data.append(UInt8(dataset.labels[i]))
      data.append(contentsOf: dataset.pixels[(i * 3072)..<((i + 1) * 3072)])
    }
    return data
  }
}
