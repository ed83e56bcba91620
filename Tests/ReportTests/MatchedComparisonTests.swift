import Results
import Testing

@testable import Report

/// OCNNA against the baselines at matched RPR: the verdicts follow the numbers both ways.
struct MatchedComparisonTests {
  func vggReport(_ change: (inout RunResult) -> Void = { _ in }) throws -> PairReport {
    var results = try SiteFixtures.results()
    for i in results.indices where results[i].metrics != nil { change(&results[i]) }
    let model = ReportModel(results: results, methods: [])
    return try #require(model.pairs.first { $0.pair.title == "VGG-16 on CIFAR-10" })
  }

  @Test func betterWorseAndUnclearComeFromTheDifferenceAndItsUncertainty() throws {
    // At RPR 0.5 OCNNA loses 10 points more than in the fixture (worse than everyone); at
    // 0.7 random loses 5 more (OCNNA better), L1 is moved to OCNNA's drop plus 0.1 and
    // FPGM stays 1.5 above it, both inside the interval of two seeds (no clear difference).
    let report = try vggReport { r in
      guard case .targetRPR(let p, _) = r.cell.policy else { return }
      if r.cell.method == "ocnna" && p == 0.5 { r.metrics!.accuracyDrop += 10 }
      if r.cell.method == "random" && p == 0.7 { r.metrics!.accuracyDrop += 5 }
      if r.cell.method == "l1" && p == 0.7 { r.metrics!.accuracyDrop -= 0.9 }
    }
    let comparisons = MatchedComparison.all(report)
    #expect(comparisons.map(\.policy) == ["targetRPR p=0.7", "targetRPR p=0.5", "targetRPR p=0.3"])
    let mild = comparisons[0], half = comparisons[1]
    #expect(mild.entries.map(\.baseline) == ["random", "l1", "fpgm"])
    #expect(mild.entries.map(\.verdict) == [.better, .unclear, .unclear])
    #expect(half.entries.allSatisfy { $0.verdict == .worse })
    #expect(abs(half.entries[0].difference - 9.5) < 1e-9)
    #expect(half.phrase(for: "random")?.hasPrefix("behind Random by 9.50 ± ") == true)
    #expect(mild.phrase(for: "l1")?.hasPrefix("level with L1-norm (-0.10 ±") == true)
    #expect(mild.phrase(for: "hrank") == nil)
  }

  @Test func aCellStoredByTwoGridsCountsOnce() throws {
    // The budget curve's grid and a tier's grid share cells: the same id in two folders.
    let results = try SiteFixtures.results()
    var copies = results.filter { $0.metrics != nil && $0.cell.method == "ocnna" }
    for i in copies.indices { copies[i].grid = "zz-another-grid" }
    let once = ReportModel(results: results, methods: [])
    let twice = ReportModel(results: results + copies, methods: [])
    #expect(twice.results.count == once.results.count)
    #expect(twice.results.map(\.grid) == once.results.map(\.grid))
    let seeds = { (model: ReportModel) in model.pairs.flatMap { $0.measured.map(\.seeds) } }
    #expect(seeds(twice) == seeds(once))
    // The same cell on another original (the id does not cover its weights) is other work.
    for i in copies.indices { copies[i].original?.weights = String(repeating: "e", count: 64) }
    let other = ReportModel(results: results + copies, methods: [])
    #expect(other.results.count == once.results.count + copies.count)
  }

  @Test func sharedSeedsArePairedSoCommonSeedNoiseCancels() throws {
    // At RPR 0.3 seed 1 loses 6 points more for OCNNA and random alike: each point's own
    // spread is large, the per-seed difference is not.
    let report = try vggReport { r in
      guard case .targetRPR(let p, _) = r.cell.policy, p == 0.3, r.cell.seed == 1 else { return }
      if r.cell.method == "ocnna" || r.cell.method == "random" { r.metrics!.accuracyDrop += 6 }
    }
    let harsh = try #require(MatchedComparison.all(report).first { $0.policy == "targetRPR p=0.3" })
    let random = try #require(harsh.entries.first { $0.baseline == "random" })
    let l1 = try #require(harsh.entries.first { $0.baseline == "l1" })
    #expect(random.uncertainty < 3, "paired: \(random.uncertainty)")
    #expect(l1.uncertainty > 20, "the per-seed differences from L1 vary: \(l1.uncertainty)")
    #expect(harsh.ocnnaInterval > 20)
  }

  /// Baselines whose original has the same key but other weights (trained again after the
  /// cache was lost) are not matched with OCNNA's; without a digest, the original's
  /// recorded curve tells the two apart.
  @Test func onlyResultsOnTheVerySameOriginalAreMatched() throws {
    for retrained in [
      { (r: inout RunResult) in r.original!.weights = String(repeating: "b", count: 64) },
      { (r: inout RunResult) in
        r.original!.epochs = [
          EpochRecord(
            epoch: 1, trainLoss: 0.29, trainAccuracy: 0.9, learningRate: 0.01, seconds: 1,
            imagesPerSecond: 1)
        ]
      },
    ] {
      let report = try vggReport { r in
        if r.cell.method != "ocnna" { retrained(&r) }
      }
      #expect(MatchedComparison.all(report).isEmpty)
    }
    let same = try vggReport { r in r.original!.weights = String(repeating: "a", count: 64) }
    #expect(MatchedComparison.all(same).count == 3)
    // The open view draws both originals' series; those off the reference name their
    // original's top-1, so that two series of one method, scale and budget differ by name.
    let two = try vggReport { r in
      guard r.cell.method != "ocnna" else { return }
      r.original!.weights = String(repeating: "b", count: 64)
      r.metrics!.originalTop1 = 0.9321
    }
    let names = PairPage(report: two).series(.open, ratio: \.rpr).map(\.name)
    // (The baselines' original, with more points, is the reference: OCNNA's is named.)
    #expect(
      names.filter { $0.hasPrefix("OCNNA (") && $0.contains("; original 65.75%)") }.count == 1)
    #expect(Set(names).count == names.count)
  }

  /// A checkpoint used as is has its weights pinned by its key (which hashes the file): its
  /// results pair whether or not they were written before the weights' digest. Fine-tuned
  /// from the checkpoint, the weights are the engine's, and the digest decides again.
  @Test func aCheckpointUsedAsIsIsOneOriginalWithOrWithoutTheDigest() throws {
    let loaded = try vggReport { r in
      r.original!.source = "checkpoint"
      r.original!.epochs = []
      r.original!.weights = r.cell.method == "ocnna" ? String(repeating: "a", count: 64) : nil
    }
    #expect(MatchedComparison.all(loaded).count == 3)
    let tuned = try vggReport { r in
      r.original!.source = "checkpoint + fine-tuned"
      r.original!.weights = String(repeating: r.cell.method == "ocnna" ? "a" : "b", count: 64)
    }
    #expect(MatchedComparison.all(tuned).isEmpty)
  }

  @Test func aPointWithoutOCNNAOrWithoutBaselinesIsLeftOut() throws {
    let report = try vggReport { r in
      guard case .targetRPR(let p, _) = r.cell.policy else { return }
      if r.cell.method == "ocnna" && p == 0.3 { r.status = .failed }
    }
    #expect(MatchedComparison.all(report).map(\.policy) == ["targetRPR p=0.7", "targetRPR p=0.5"])
  }

  /// Cells without fine-tuning answer for the zero-shot tier only (they were counted as
  /// "fine-tuned" before), and ratio points are matched and ranked like target-RPR ones.
  @Test func cellsWithoutFineTuningAreZeroShotOnly() throws {
    var results = try SensitivityStudyTests.results()
    for i in results.indices { results[i].cell.fineTuning = FineTuning(mode: .none) }
    let model = ReportModel(results: results, methods: [])
    let report = try #require(model.pairs.first)
    #expect(MatchedComparison.all(report, tier: .fineTuned).isEmpty)
    let zeroShot = MatchedComparison.all(report, tier: .zeroShot)
    #expect(zeroShot.map(\.policy) == ["ratio r=0.3", "ratio r=0.5"])
    #expect(zeroShot[0].entries.map(\.baseline) == ["random", "fpgm"])
    // Three seeds: the paired test decided, and the phrase says with what p.
    #expect(zeroShot[0].phrase(for: "random")?.contains("(Holm p ") == true)
    #expect(MethodRank.ranking(model.pairs, tier: .fineTuned).isEmpty)
    let ranks = MethodRank.ranking(model.pairs, tier: .zeroShot)
    // Zero-shot drops: raw 20, FPGM 25, post 30, images 30 + 1/6, random 35 (plus the same
    // seed and ratio terms); OCNNA's readings are ranked as methods of their own.
    #expect(ranks.map(\.method) == ["ocnna/raw", "fpgm", "ocnna", "ocnna/images", "random"])
    #expect(ranks.allSatisfy { $0.operatingPoints == 2 })
  }

  /// The closed view's network and budget: protocol 2 before protocol 1, then the most
  /// criteria (OCNNA's readings count once), then the most points.
  @Test func theClosedViewPrefersProtocolTwoThenMoreCriteria() throws {
    let study = try SensitivityStudyTests.results().dropLast().map { r -> RunResult in
      var r = r
      r.cell.pruningProtocol = PruningProtocol(scope: .literature, batchNormImages: 64)
      return r
    }  // 3 criteria (OCNNA in three readings, random, FPGM), 10 points
    func copies(_ methods: [String], epochs: Int, protocolTwo: Bool, from n: Int) -> [RunResult] {
      methods.enumerated().map { k, method in
        var r = study[0]
        r.id = SiteFixtures.id(n + k)
        r.cell.method = method
        r.cell.activation = .postActivation
        r.cell.ocnnaReading = nil
        r.cell.fineTuning.recipe.epochs = epochs
        if !protocolTwo { r.cell.pruningProtocol = nil }
        return r
      }
    }
    let four = copies(["ocnna", "random", "l1", "hrank"], epochs: 5, protocolTwo: true, from: 500)
    let five = copies(
      ["ocnna", "random", "l1", "hrank", "fpgm"], epochs: 6, protocolTwo: false, from: 600)
    func budget(_ results: [RunResult]) throws -> String? {
      try #require(ReportModel(results: results, methods: []).pairs.first).referenceScale?.budget
    }
    // The fixture's budget is 2 epochs on 300 images per class.
    #expect(try budget(study + five)?.hasPrefix("kd 2 ep") == true, "protocol 2 first")
    #expect(try budget(study + four + five)?.hasPrefix("kd 5 ep") == true, "then more criteria")
    #expect(try budget(five)?.hasPrefix("kd 6 ep") == true)
    let lone = study.filter { $0.cell.method == "ocnna" }  // protocol 2, OCNNA alone
    #expect(try budget(lone + five)?.hasPrefix("kd 6 ep") == true, "a comparison first")
  }

  /// Protocol 2's zero-shot grid compares more criteria and takes the closed view; its
  /// fine-tuned grid on the same original must still answer for the fine-tuned tier, and
  /// the zero-shot tier stays the closed view's.
  @Test func theFineTunedTierComparesTheGroupThatFineTuned() throws {
    let base = try #require(SensitivityStudyTests.results().first)
    func copies(_ methods: [String], epochs: Int, from n: Int) -> [RunResult] {
      methods.enumerated().map { k, method in
        var r = base
        r.id = SiteFixtures.id(n + k)
        r.cell.method = method
        r.cell.activation = .postActivation
        r.cell.ocnnaReading = nil
        r.cell.fineTuning.recipe.epochs = epochs
        r.cell.pruningProtocol = PruningProtocol(scope: .literature, batchNormImages: 64)
        return r
      }
    }
    let zeroShot = copies(["ocnna", "random", "l1", "hrank", "fpgm"], epochs: 0, from: 700)
    let fineTuned = copies(["ocnna", "random", "l1", "hrank"], epochs: 3, from: 800)
    let report = try #require(ReportModel(results: zeroShot + fineTuned, methods: []).pairs.first)
    #expect(report.closed.count == 5 && report.closed.allSatisfy { !$0.fineTunes })
    #expect(report.fineTunedClosed.count == 4 && report.fineTunedClosed.allSatisfy(\.fineTunes))
    let tuned = MatchedComparison.all(report, tier: .fineTuned)
    #expect(tuned.map { $0.entries.map(\.baseline).sorted() } == [["hrank", "l1", "random"]])
    let zero = MatchedComparison.all(report, tier: .zeroShot)
    #expect(zero.map(\.entries.count) == [4])
    // A second, smaller budget: both are compared on the pair page, the smaller first;
    // tallies keep the group with more criteria.
    let short = copies(["ocnna", "random", "l1"], epochs: 1, from: 900)
    let both = try #require(
      ReportModel(results: zeroShot + fineTuned + short, methods: []).pairs.first)
    #expect(both.fineTuningGroups.map(\.count) == [3, 4])
    #expect(both.fineTunedClosed.count == 4)
    let headings = PairPage(report: both).files(
      render: { _, context in
        (context as? PairPage.Context)?.tiers.map(\.tier).joined(separator: ",") ?? ""
      }, frame: { _, _ in PageFrame(root: "", title: "t", version: "v", counts: nil) })
    #expect(headings["pairs/\(both.pair.slug)-closed.html"] == "fine-tuned,fine-tuned,zero-shot")
    // Without the fine-tuned grid, nothing answers for the fine-tuned tier.
    let alone = try #require(ReportModel(results: zeroShot, methods: []).pairs.first)
    #expect(MatchedComparison.all(alone, tier: .fineTuned).isEmpty)
  }
}
