import Foundation
import Pipeline
import Results
import TestSupport
import Testing

/// `--only` and `--shard` parsing: what a user types on the command line.
struct CellSelectionTests {
  @Test func eachFieldTakesSeveralValuesAndFieldsCombine() throws {
    var selection = CellSelection()
    try selection.addFilter("method=ocnna,l1")
    try selection.addFilter("seed=0")
    #expect(selection.filters == ["method": ["ocnna", "l1"], "seed": ["0"]])
  }

  @Test func twoFieldsInOneOptionAreRefusedWithTheFix() {
    var selection = CellSelection()
    do {
      try selection.addFilter("seed=0,architecture=densenet40")
      Issue.record("a second field inside the values was accepted")
    } catch let error as SpecError {
      #expect(error.path == "--only")
      #expect(error.message.contains("--only seed=0 --only architecture=densenet40"))
    } catch {
      Issue.record("unexpected \(error)")
    }
    #expect(selection.filters.isEmpty)
  }

  @Test func unknownFieldsAndBadShardsAreRefused() throws {
    var selection = CellSelection()
    #expect(throws: SpecError.self) { try selection.addFilter("colour=red") }
    #expect(throws: SpecError.self) { try CellSelection.parseShard("3/2") }
    #expect(throws: SpecError.self) { try CellSelection.parseShard("1-2") }
    let shard = try CellSelection.parseShard("2/3")
    #expect(shard.index == 2 && shard.count == 3)
  }

  /// `method=` takes the names grids list: `ocnna` is the paper's reading only, and a
  /// reading such as `ocnna/raw` selects itself.
  @Test func methodSelectsTheNamesGridsList() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let url = folder.file("tiny.json")
    try Data(TinyGrid.json(methods: ["ocnna", "ocnna/raw", "l1"]).utf8).write(to: url)
    let cells = try GridSpec.read(url).cells
    func selected(_ filter: String) throws -> [String] {
      var selection = CellSelection()
      try selection.addFilter(filter)
      return Set(cells.filter { selection.matches($0, id: "") }.map(\.methodLabel)).sorted()
    }
    #expect(try selected("method=ocnna") == ["ocnna"])
    #expect(try selected("method=ocnna/raw,l1") == ["l1", "ocnna/raw"])
  }

  /// `budget=` takes protocol 2's preset names, so that one budget of a budget curve can
  /// run on its own; a budget spelled out field by field is `custom`.
  @Test func budgetSelectsPresets() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let url = folder.file("tiny.json")
    let grid = TinyGrid.json(protocolTwo: true).replacingOccurrences(
      of: #""fineTuning": { "preset": "short" }"#,
      with: #""fineTuning": [{ "preset": "none" }, { "preset": "short" }, { "epochs": 2 }]"#)
    try Data(grid.utf8).write(to: url)
    let cells = try GridSpec.read(url).cells
    func count(_ filter: String) throws -> Int {
      var selection = CellSelection()
      try selection.addFilter(filter)
      return cells.filter { selection.matches($0, id: "") }.count
    }
    #expect(cells.count == 12)
    #expect(try count("budget=short") == 4)
    #expect(try count("budget=none,custom") == 8)
    #expect(try count("budget=long") == 0)
  }
}
