import Foundation

/// `labels.tsv` of the CIFAR-100 PNG folders: the 100 fine classes in their official order
/// (`fine_id fine_name coarse_id coarse_name`), which fixes each folder's label — the
/// folders alone would only give an alphabetical order.
public struct CIFAR100Labels: Sendable, Equatable {
  /// Fine class names by fine id (0 … 99).
  public var fineNames: [String]
  /// Coarse (superclass) id of each fine class, by fine id.
  public var coarseIDs: [Int]
  /// Coarse class names by coarse id (0 … 19).
  public var coarseNames: [String]

  static let header = ["fine_id", "fine_name", "coarse_id", "coarse_name"]

  /// Reads and checks the file: the header, 100 rows with fine ids 0 … 99 in order, unique
  /// names, and 20 coarse classes each named consistently.
  public static func read(_ url: URL) throws -> CIFAR100Labels {
    guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8)
    else {
      throw DatasetError(
        path: url.path, message: "cannot be read as UTF-8 text",
        fix: "re-import the archive with `ocnna datasets import cifar100-png FILE`")
    }
    return try parse(text, path: url.path)
  }

  public static func parse(_ text: String, path: String) throws -> CIFAR100Labels {
    let fix = "re-import the archive with `ocnna datasets import cifar100-png FILE`"
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map {
      $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }
    guard lines.first == header else {
      throw DatasetError(
        path: path, message: "line 1 must be the header \(header.joined(separator: " "))", fix: fix)
    }
    var fine: [String] = []
    var coarseIDs: [Int] = []
    var coarse: [Int: String] = [:]
    for (offset, fields) in lines.dropFirst().enumerated() {
      let line = offset + 2
      guard fields.count == 4, let fineID = Int(fields[0]), let coarseID = Int(fields[2]),
        !fields[1].isEmpty, !fields[3].isEmpty
      else {
        throw DatasetError(
          path: path, message: "line \(line) is not 'fine_id fine_name coarse_id coarse_name'",
          fix: fix)
      }
      guard fineID == fine.count else {
        throw DatasetError(
          path: path, message: "line \(line) has fine_id \(fineID), expected \(fine.count)",
          fix: fix)
      }
      guard (0..<20).contains(coarseID), coarse[coarseID, default: fields[3]] == fields[3] else {
        throw DatasetError(
          path: path,
          message:
            "line \(line): coarse_id \(coarseID) '\(fields[3])' is outside 0…19 or named differently elsewhere",
          fix: fix)
      }
      coarse[coarseID] = fields[3]
      fine.append(fields[1])
      coarseIDs.append(coarseID)
    }
    guard fine.count == 100, Set(fine).count == 100, coarse.count == 20 else {
      throw DatasetError(
        path: path,
        message:
          "holds \(fine.count) fine classes (\(Set(fine).count) distinct) and \(coarse.count) coarse ones; CIFAR-100 has 100 and 20",
        fix: fix)
    }
    return CIFAR100Labels(
      fineNames: fine, coarseIDs: coarseIDs, coarseNames: (0..<20).map { coarse[$0]! })
  }
}
