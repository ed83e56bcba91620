import Foundation
import Pipeline
import Results
import TestSupport
import Testing

/// Reading grid specs: the presets, and errors that name the file and the JSON path.
struct GridSpecTests {
  func read(_ json: String) throws -> GridSpec {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let url = folder.file("tiny.json")
    try Data(json.utf8).write(to: url)
    return try GridSpec.read(url)
  }

  func error(_ json: String) -> SpecError? {
    do {
      _ = try read(json)
      return nil
    } catch {
      return error as? SpecError
    }
  }

  /// The tiny grid with `old` replaced by `new`.
  func tiny(replacing old: String, with new: String) -> String {
    let json = TinyGrid.json()
    precondition(json.contains(old), "the tiny grid has no \(old)")
    return json.replacingOccurrences(of: old, with: new)
  }

  @Test func everyPresetReads() throws {
    let folder = SharedData.projectRoot.appendingPathComponent("Data/grids")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
      $0.hasSuffix(".json")
    }
    #expect(Set(names).isSuperset(of: ["quick.json", "cifar10-cpu.json", "paper.json"]))
    for name in names {
      let spec = try GridSpec.read(folder.appendingPathComponent(name))
      #expect(spec.name + ".json" == name)
      #expect(!spec.cells.isEmpty)
    }
  }

  @Test func theTinyGridExpandsToEveryCombination() throws {
    let spec = try read(TinyGrid.json(seeds: [0, 1]))
    // 1 architecture × 1 dataset × 2 methods × 2 ratios × 2 seeds.
    #expect(spec.cells.count == 8)
    #expect(Set(spec.cells.map(\.label)).count == 8)
    #expect(spec.cells.allSatisfy { $0.fineTuning.recipe.seed == $0.seed })
  }

  /// The issue: a grid's name (its results folder) need not match its file.
  @Test func theNameMustMatchTheFile() {
    let e = error(tiny(replacing: "\"name\": \"tiny\"", with: "\"name\": \"other\""))
    #expect(e?.jsonPath == "$.name")
    #expect(e?.message.contains("the file is tiny.json") == true)
  }

  /// The issue: a repeated key was accepted (the last one silently won).
  @Test func aRepeatedKeyIsRefusedWithItsPathLineAndColumn() {
    let e = error(
      tiny(replacing: "\"calibration\": 32", with: "\"calibration\": 32, \"seeds\": [5]"))
    #expect(e?.jsonPath == "$.seeds")
    #expect(e?.message.contains("appears twice") == true)
    #expect(e?.message.contains("line ") == true)
    let syntax = error(tiny(replacing: "\"calibration\": 32", with: "\"calibration\": 32,"))
    #expect(syntax?.message.contains("expected a key") == true, "\(String(describing: syntax))")
    #expect(syntax?.description.contains("Foundation") == false)
    #expect(syntax?.description.contains("NSCocoa") == false)
  }

  @Test func anUnknownFieldIsNamedWithItsPath() {
    let e = error(
      tiny(replacing: "\"syntheticCount\": 160", with: "\"syntheticCount\": 160, \"limt\": 3"))
    #expect(e?.jsonPath == "$.datasets[0].limt")
    #expect(e?.message.contains("unknown field") == true)
    #expect(e?.message.contains("limitPerClass") == true)
  }

  /// Protocol 2's fields: variants, scope, BatchNorm images and presets, each refused with
  /// its path when wrong.
  @Test func protocolTwoFieldsAreCheckedWithTheirPath() throws {
    let spec = try read(TinyGrid.json(methods: ["ocnna/raw", "l1"], protocolTwo: true))
    #expect(spec.pruningProtocol == PruningProtocol(scope: .literature, batchNormImages: 32))
    #expect(spec.cells.first { $0.method == "ocnna" }?.activation == .raw)
    #expect(spec.cells.first { $0.method == "ocnna" }?.methodLabel == "ocnna/raw")
    let variant = error(TinyGrid.json(methods: ["ocnna/sideways"], protocolTwo: true))
    #expect(variant?.jsonPath == "$.pruning[0].methods[0]")
    #expect(variant?.message.contains("cv-inverted") == true)
    let notOCNNA = error(TinyGrid.json(methods: ["l1/raw"], protocolTwo: true))
    #expect(notOCNNA?.message.contains("only ocnna has variants") == true)
    let same = error(TinyGrid.json(methods: ["ocnna", "ocnna/post"]))
    #expect(same?.jsonPath == "$.pruning[0].methods")
    let grid = TinyGrid.json(protocolTwo: true)
    let scope = error(grid.replacingOccurrences(of: "\"literature\"", with: "\"inner\""))
    #expect(scope?.jsonPath == "$.protocol.scope")
    let images = error(
      grid.replacingOccurrences(of: "\"batchNormImages\": 32", with: "\"batchNormImages\": -1"))
    #expect(images?.jsonPath == "$.protocol.batchNormImages")
    let preset = error(grid.replacingOccurrences(of: "\"short\"", with: "\"medium\""))
    #expect(preset?.jsonPath == "$.fineTuning.preset")
    let mixed = error(
      grid.replacingOccurrences(
        of: "\"preset\": \"short\"", with: "\"preset\": \"short\", \"epochs\": 2"))
    #expect(mixed?.jsonPath == "$.fineTuning.preset")
  }

  /// A budget curve: `fineTuning` as an array gives one cell per budget, each seeded as
  /// its cell; an empty or repeating list and a wrong budget are refused with their path.
  @Test func severalBudgetsGiveOneCellPerBudget() throws {
    let grid = TinyGrid.json(protocolTwo: true)
    let curve = grid.replacingOccurrences(
      of: #""fineTuning": { "preset": "short" }"#,
      with: #""fineTuning": [{ "preset": "none" }, { "preset": "short" }, { "epochs": 2 }]"#)
    let spec = try read(curve)
    #expect(spec.budgets.count == 3)
    // 3 budgets × 2 methods × 2 ratios × 1 seed, zero-shot first.
    #expect(spec.cells.count == 12)
    #expect(spec.cells.prefix(4).allSatisfy { $0.fineTuning.mode == .none })
    #expect(spec.cells.dropFirst(4).prefix(4).allSatisfy { $0.fineTuning.epochs == 0.1 })
    #expect(spec.cells.suffix(4).allSatisfy { $0.fineTuning.epochs == nil })
    #expect(spec.cells.last?.fineTuning.recipe.epochs == 2)
    #expect(Set(spec.cells.map(\.label)).count == 12)
    let empty = error(
      grid.replacingOccurrences(of: #"{ "preset": "short" }"#, with: "[]"))
    #expect(empty?.jsonPath == "$.fineTuning")
    let repeated = error(
      grid.replacingOccurrences(
        of: #"{ "preset": "short" }"#, with: #"[{ "preset": "short" }, { "preset": "short" }]"#))
    #expect(repeated?.jsonPath == "$.fineTuning[1]")
    #expect(repeated?.message.contains("repeats") == true)
    let wrong = error(
      grid.replacingOccurrences(
        of: #"{ "preset": "short" }"#, with: #"[{ "preset": "short" }, { "preset": "medium" }]"#))
    #expect(wrong?.jsonPath == "$.fineTuning[1].preset")
  }

  /// A pruning entry may name the architectures it is for (the ratios that give one RPR
  /// differ between them); a name the grid does not list is refused with its path.
  @Test func aPruningEntryCanBeForSomeArchitectures() throws {
    let two = tiny(
      replacing: #""architectures": [{ "architecture": "vgg16", "width": 0.0625 }]"#,
      with:
        #""architectures": [{ "architecture": "vgg16", "width": 0.0625 }, { "architecture": "resnet20", "width": 0.25 }]"#
    )
    let filtered = two.replacingOccurrences(
      of: #""policy": "ratio", "values": [0.25, 0.5] }"#,
      with:
        #""policy": "ratio", "values": [0.25, 0.5], "architectures": ["resnet20"] }, { "methods": ["l1"], "policy": "ratio", "values": [0.4] }"#
    )
    let spec = try read(filtered)
    // resnet20: 2 methods × 2 ratios + l1 at 0.4; vgg16: l1 at 0.4 only.
    #expect(spec.cells.filter { $0.architecture == "resnet20" }.count == 5)
    #expect(
      spec.cells.filter { $0.architecture == "vgg16" }.map(\.policy) == [
        .ratio(r: 0.4, minChannels: 1)
      ])
    let unknown = error(
      filtered.replacingOccurrences(
        of: #""architectures": ["resnet20"]"#, with: #""architectures": ["resnet56"]"#))
    #expect(unknown?.jsonPath == "$.pruning[0].architectures")
    #expect(unknown?.message.contains("vgg16, resnet20") == true)
    let none = error(
      filtered.replacingOccurrences(
        of: #""architectures": ["resnet20"]"#, with: #""architectures": []"#))
    #expect(none?.jsonPath == "$.pruning[0].architectures")
  }

  @Test func aPruningEntryCanHaveItsOwnSeeds() throws {
    let more = tiny(
      replacing: #""policy": "ratio", "values": [0.25, 0.5] }"#,
      with:
        #""policy": "ratio", "values": [0.25, 0.5] }, { "methods": ["random"], "policy": "ratio", "values": [0.5], "seeds": [3, 4] }"#
    )
    let spec = try read(more)
    let extra = spec.cells.filter { $0.method == "random" && $0.seed >= 3 }
    #expect(extra.map(\.seed) == [3, 4])
    #expect(spec.cells.count == (try read(TinyGrid.json())).cells.count + 2)
    let repeated = error(more.replacingOccurrences(of: "[3, 4]", with: "[3, 3]"))
    #expect(repeated?.jsonPath == "$.pruning[1].seeds")
    let empty = error(more.replacingOccurrences(of: "[3, 4]", with: "[]"))
    #expect(empty?.jsonPath == "$.pruning[1].seeds")
    #expect(empty?.message.contains("grid's") == true)
  }

  @Test func impossibleValuesAreNamedWithTheirPath() {
    let rpr = error(
      tiny(
        replacing: "\"policy\": \"ratio\", \"values\": [0.25, 0.5]",
        with: "\"policy\": \"targetRPR\", \"values\": [0.5, 1.7]"))
    #expect(rpr?.jsonPath == "$.pruning[0].values[1]")
    let ratio = error(tiny(replacing: "[0.25, 0.5]", with: "[0.25, 1.0]"))
    #expect(ratio?.jsonPath == "$.pruning[0].values[1]")
    let method = error(tiny(replacing: "\"l1\"", with: "\"l3\""))
    #expect(method?.jsonPath == "$.pruning[0].methods[0]")
    let width = error(tiny(replacing: "\"width\": 0.0625", with: "\"width\": -1"))
    #expect(width?.jsonPath == "$.architectures[0].width")
    let type = error(
      tiny(
        replacing: "\"epochs\": 1, \"batchSize\": 32, \"learningRate\"",
        with: "\"epochs\": \"one\", \"batchSize\": 32, \"learningRate\""))
    #expect(type?.jsonPath == "$.original.train.epochs")
  }

  @Test func impossibleCombinationsAreRejected() {
    let both = error(
      tiny(
        replacing: "\"original\": { \"train\": {",
        with: "\"original\": { \"checkpoint\": \"x.safetensors\", \"train\": {"))
    #expect(both?.jsonPath.hasPrefix("$.original") == true)
    let count = error(
      tiny(
        replacing: "\"name\": \"synthetic\", \"syntheticCount\": 160",
        with: "\"name\": \"cifar10\", \"syntheticCount\": 160"))
    #expect(count?.jsonPath == "$.datasets[0].syntheticCount")
    let seeds = error(tiny(replacing: "\"seeds\": [0]", with: "\"seeds\": [1, 1]"))
    #expect(seeds?.jsonPath == "$.seeds")
  }

  /// Sizes beyond what the machine can carry out are refused with their limit.
  @Test func sizesBeyondTheLimitsAreRefused() {
    let huge = error(
      tiny(replacing: "\"syntheticCount\": 160", with: "\"syntheticCount\": 10000000000"))
    #expect(huge?.jsonPath == "$.datasets[0].syntheticCount")
    #expect(huge?.message.contains("1…1000000") == true)
    let seeds = "[" + (0..<1001).map(String.init).joined(separator: ", ") + "]"
    let many = error(tiny(replacing: "\"seeds\": [0]", with: "\"seeds\": \(seeds)"))
    #expect(many?.jsonPath == "$.seeds")
    let wide = error(tiny(replacing: "\"width\": 0.0625", with: "\"width\": 8"))
    #expect(wide?.jsonPath == "$.architectures[0].width")
  }

  @Test func aNewerSchemaVersionIsRefused() {
    let e = error(tiny(replacing: "\"schemaVersion\": 1", with: "\"schemaVersion\": 9"))
    #expect(e?.jsonPath == "$.schemaVersion")
    #expect(e?.message.contains("newer") == true)
    #expect(e?.path.hasSuffix("tiny.json") == true)
  }

  @Test func runKeysAreStableAndChangeWithWhatChangesTheNumbers() throws {
    let spec = try read(TinyGrid.json())
    let cell = spec.cells[0]
    let id = RunKey.id(cell, datasetFingerprint: "abc")
    #expect(id == RunKey.id(cell, datasetFingerprint: "abc"))
    #expect(id.count == 16)
    #expect(id != RunKey.id(cell, datasetFingerprint: "abd"))
    var moved = cell
    moved.dataset.path = "/elsewhere"
    #expect(RunKey.id(moved, datasetFingerprint: "abc") == id, "a path does not change numbers")
    var tuned = cell
    tuned.fineTuning.recipe.epochs = 2
    #expect(RunKey.id(tuned, datasetFingerprint: "abc") != id)
    #expect(
      Set(spec.cells.map { RunKey.id($0, datasetFingerprint: "abc") }).count == spec.cells.count)
  }
}
