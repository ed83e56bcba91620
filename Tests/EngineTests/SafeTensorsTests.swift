import Engine
import Foundation
import TestSupport
import Testing

struct SafeTensorsTests {
  /// A valid file's bytes with the given header JSON and data.
  static func file(header: String, data: [UInt8] = []) -> Data {
    var bytes = Data()
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: Array(header.utf8))
    bytes.append(contentsOf: data)
    return bytes
  }

  @Test func roundTripGivesIdenticalTensors() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let tensors = [
      ("a.weight", Tensor(normal: [3, 2, 3, 3], seed: 1)),
      ("a.bias", Tensor(normal: [3], seed: 2)),
      ("empty", Tensor(zeros: [0, 4])),
      ("scalar", Tensor(shape: [], scalars: [Float.pi])),
    ]
    let url = directory.file("t.safetensors")
    try SafeTensorsFile.write(
      tensors.map { (name: $0.0, tensor: $0.1) }, metadata: ["k": "v \"quoted\""], to: url)
    let file = try SafeTensorsFile(contentsOf: url)
    #expect(file.metadata == ["k": "v \"quoted\""])
    #expect(file.entries.count == 4)
    for (name, tensor) in tensors {
      #expect(try file.tensor(name) == tensor)
    }
    // The header is padded so the data starts 8-byte aligned.
    let bytes = try Data(contentsOf: url)
    let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    #expect(length % 8 == 0)
  }

  static let malformed: [(String, Data, String)] = [
    ("short file", Data([1, 2, 3]), "8-byte header length"),
    ("header longer than file", file(header: "{}").prefix(9), "does not fit"),
    ("bad JSON", file(header: "{\"a\": [1, 2"), "not valid JSON"),
    ("not an object", file(header: "[1, 2]  "), "not a JSON object"),
    (
      "wrong dtype",
      file(header: #"{"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]),
      "dtype"
    ),
    (
      "offsets out of range",
      file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: [0, 0, 0, 0]),
      "run past"
    ),
    (
      "size mismatch",
      file(
        header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,
        data: Array(repeating: 0, count: 8)), "needs 12 bytes"
    ),
    (
      "overlap",
      file(
        header:
          #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
        data: Array(repeating: 0, count: 12)), "overlapping"
    ),
    (
      "negative shape", file(header: #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}"#),
      "shape"
    ),
    (
      "reversed offsets",
      file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: [0, 0, 0, 0]),
      "data_offsets"
    ),
    ("metadata not strings", file(header: #"{"__metadata__":{"a":1}}"#), "__metadata__.a"),
    (
      "a tensor named twice",
      file(
        header:
          #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
        data: [0, 0, 0, 0]), "$.a: line 1, column 55: the key \"a\" appears twice"
    ),
  ]

  @Test(arguments: 0..<malformed.count)
  func malformedFilesThrowClearErrors(_ index: Int) {
    let (label, data, expected) = Self.malformed[index]
    do {
      _ = try SafeTensorsFile(data: data, path: "bad.safetensors")
      Issue.record("\(label): no error")
    } catch let error as SafeTensorsError {
      #expect(error.description.contains("bad.safetensors"), "\(label)")
      #expect(error.message.contains(expected), "\(label): \(error.message)")
    } catch {
      Issue.record("\(label): unexpected error \(error)")
    }
  }

  @Test func nonFloatTensorsAreListedButNotLoaded() throws {
    let file = try SafeTensorsFile(
      data: Self.file(
        header: #"{"i":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#,
        data: Array(repeating: 0, count: 8)), path: "x")
    #expect(file.entries.map(\.dtype) == ["I64"])
    #expect(throws: SafeTensorsError.self) { try file.tensor("i") }
  }

  @Test func randomTruncationsAndBitFlipsNeverCrash() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = directory.file("t.safetensors")
    try SafeTensorsFile.write(
      [("w", Tensor(normal: [4, 4], seed: 1)), ("b", Tensor(normal: [4], seed: 2))],
      metadata: ["m": "x"], to: url)
    let original = try Data(contentsOf: url)
    var generator = SeededGenerator(seed: 42)
    var rejected = 0
    for trial in 0..<400 {
      var bytes = original
      if trial % 2 == 0 {
        bytes = bytes.prefix(Int(generator.next() % UInt64(bytes.count)))
      } else {
        let position = Int(generator.next() % UInt64(bytes.count))
        bytes[position] ^= UInt8(1 << (generator.next() % 8))
      }
      do {
        let file = try SafeTensorsFile(data: bytes, path: "fuzz")
        for entry in file.entries where entry.dtype == "F32" { _ = try file.tensor(entry) }
      } catch is SafeTensorsError {
        rejected += 1
      }
    }
    // Every truncation breaks the file; bit flips in the data section may be harmless.
    #expect(rejected >= 200)
  }
}
