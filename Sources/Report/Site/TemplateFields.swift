import Mustache

/// A page model whose fields templates read through a table of key paths instead of
/// swift-mustache's default reflection: `Mirror` walks every field on every lookup, which
/// made rendering ten thousand run pages the slowest step of `ocnna site`.
///
/// The table names exactly the stored properties (a test holds it to reflection's list), so
/// templates see the same fields either way.
protocol TemplateFields: MustacheParent {
  static var fields: [String: PartialKeyPath<Self>] { get }
}

extension TemplateFields {
  /// The field's value, an absent optional as nil (so that `{{#error}}` is skipped).
  func child(named name: String) -> Any? {
    guard let path = Self.fields[name] else { return nil }
    let value = self[keyPath: path]
    if let optional = value as? any OptionalValue { return optional.unwrapped }
    return value
  }
}

/// An optional seen through `Any`, so that a nil field reads as no value.
protocol OptionalValue {
  var unwrapped: Any? { get }
}

extension Optional: OptionalValue {
  var unwrapped: Any? { map { $0 as Any } }
}

extension PageFrame: TemplateFields {
  static let fields: [String: PartialKeyPath<PageFrame>] = [
    "root": \.root, "title": \.title, "version": \.version, "counts": \.counts,
  ]
}

extension PageFrame.Counts: TemplateFields {
  static let fields: [String: PartialKeyPath<PageFrame.Counts>] = [
    "results": \.results, "recorded": \.recorded,
  ]
}

extension NamedValue: TemplateFields {
  static let fields: [String: PartialKeyPath<NamedValue>] = ["name": \.name, "value": \.value]
}

extension RunPage.Context: TemplateFields {
  static let fields: [String: PartialKeyPath<RunPage.Context>] = [
    "frame": \.frame, "id": \.id, "label": \.label, "pairTitle": \.pairTitle,
    "pairSlug": \.pairSlug, "status": \.status, "error": \.error, "policy": \.policy,
    "facts": \.facts, "configuration": \.configuration, "environment": \.environment,
    "channelsChart": \.channelsChart, "curvesChart": \.curvesChart, "command": \.command,
  ]
}

extension PairPage.Context: TemplateFields {
  static let fields: [String: PartialKeyPath<PairPage.Context>] = [
    "frame": \.frame, "pairTitle": \.pairTitle, "slug": \.slug, "suffix": \.suffix,
    "views": \.views, "viewExplanation": \.viewExplanation, "comparability": \.comparability,
    "hasComparability": \.hasComparability, "hasChart": \.hasChart, "rprChart": \.rprChart,
    "macsChart": \.macsChart, "orders": \.orders, "hasMeasured": \.hasMeasured,
    "measured": \.measured, "hasComparisons": \.hasComparisons, "tiers": \.tiers,
    "hasFailed": \.hasFailed, "failed": \.failed, "showRecorded": \.showRecorded,
    "hasPublishedChart": \.hasPublishedChart, "publishedChart": \.publishedChart,
    "hasRecorded": \.hasRecorded, "recorded": \.recorded, "hasUnplottable": \.hasUnplottable,
    "unplottable": \.unplottable,
  ]
}

extension PairPage.Context.Flag: TemplateFields {
  static let fields: [String: PartialKeyPath<PairPage.Context.Flag>] = [
    "mark": \.mark, "explanation": \.explanation,
  ]
}

extension PairPage.Context.TierComparisons: TemplateFields {
  static let fields: [String: PartialKeyPath<PairPage.Context.TierComparisons>] = [
    "reading": \.reading, "tier": \.tier, "meaning": \.meaning, "rows": \.rows,
  ]
}

extension PairPage.Context.MeasuredRow: TemplateFields {
  static let fields: [String: PartialKeyPath<PairPage.Context.MeasuredRow>] = [
    "method": \.method, "policy": \.policy, "rpr": \.rpr, "macs": \.macs, "drop": \.drop,
    "interval": \.interval, "seedDrops": \.seedDrops, "zeroShot": \.zeroShot, "before": \.before,
    "top1": \.top1, "seedRuns": \.seedRuns, "flags": \.flags, "scale": \.scale, "budget": \.budget,
    "runLink": \.runLink, "rowClass": \.rowClass,
  ]
}

extension PairPage.Context.SeedRun: TemplateFields {
  static let fields: [String: PartialKeyPath<PairPage.Context.SeedRun>] = [
    "seed": \.seed, "link": \.link,
  ]
}

extension PairPage.Context.ComparisonRow: TemplateFields {
  static let fields: [String: PartialKeyPath<PairPage.Context.ComparisonRow>] = [
    "first": \.first, "span": \.span, "policy": \.policy, "rpr": \.rpr, "ocnna": \.ocnna,
    "seeds": \.seeds, "baseline": \.baseline, "baselineDrop": \.baselineDrop,
    "difference": \.difference, "uncertainty": \.uncertainty, "verdict": \.verdict,
    "verdictClass": \.verdictClass, "test": \.test,
  ]
}

extension PairPage.Context.FailedRow: TemplateFields {
  static let fields: [String: PartialKeyPath<PairPage.Context.FailedRow>] = [
    "id": \.id, "label": \.label, "error": \.error,
  ]
}

extension PairPage.Context.RecordedRow: TemplateFields {
  static let fields: [String: PartialKeyPath<PairPage.Context.RecordedRow>] = [
    "method": \.method, "variant": \.variant, "base": \.base, "pruned": \.pruned, "drop": \.drop,
    "rpr": \.rpr, "macs": \.macs, "differences": \.differences, "caution": \.caution,
    "notes": \.notes, "source": \.source, "sourceKind": \.sourceKind, "methodSlug": \.methodSlug,
    "sourceURL": \.sourceURL,
  ]
}

extension ChoiceLink: TemplateFields {
  static let fields: [String: PartialKeyPath<ChoiceLink>] = [
    "label": \.label, "link": \.link, "current": \.current,
  ]
}

extension MethodPages.Context: TemplateFields {
  static let fields: [String: PartialKeyPath<MethodPages.Context>] = [
    "frame": \.frame, "name": \.name, "counterpart": \.counterpart, "citation": \.citation,
    "venue": \.venue, "year": \.year, "provenance": \.provenance,
    "completeness": \.completeness, "completenessClass": \.completenessClass,
    "checks": \.checks, "points": \.points,
  ]
}

extension MethodPages.Context.Row: TemplateFields {
  static let fields: [String: PartialKeyPath<MethodPages.Context.Row>] = [
    "pair": \.pair, "pairSlug": \.pairSlug, "configuration": \.configuration, "link": \.link,
    "drop": \.drop, "rpr": \.rpr, "macs": \.macs, "scale": \.scale, "source": \.source,
    "sourceURL": \.sourceURL,
  ]
}

extension MethodPages.Check: TemplateFields {
  static let fields: [String: PartialKeyPath<MethodPages.Check>] = [
    "label": \.label, "ok": \.ok,
  ]
}

extension NamedLink: TemplateFields {
  static let fields: [String: PartialKeyPath<NamedLink>] = [
    "label": \.label, "name": \.name, "link": \.link,
  ]
}

extension BudgetPage.Context: TemplateFields {
  static let fields: [String: PartialKeyPath<BudgetPage.Context>] = [
    "frame": \.frame, "hasStudies": \.hasStudies, "studies": \.studies,
  ]
}

extension BudgetPage.Study: TemplateFields {
  static let fields: [String: PartialKeyPath<BudgetPage.Study>] = [
    "title": \.title, "pairLink": \.pairLink, "scale": \.scale, "point": \.point,
    "seeds": \.seeds, "headers": \.headers, "rows": \.rows, "rankings": \.rankings,
    "chart": \.chart,
  ]
}

extension BudgetPage.Row: TemplateFields {
  static let fields: [String: PartialKeyPath<BudgetPage.Row>] = [
    "name": \.name, "cells": \.cells,
  ]
}

extension BudgetPage.Cell: TemplateFields {
  static let fields: [String: PartialKeyPath<BudgetPage.Cell>] = [
    "present": \.present, "text": \.text, "seeds": \.seeds, "rank": \.rank, "mark": \.mark,
    "markClass": \.markClass, "test": \.test, "link": \.link,
  ]
}

extension SensitivityPage.Context: TemplateFields {
  static let fields: [String: PartialKeyPath<SensitivityPage.Context>] = [
    "frame": \.frame, "hasStudies": \.hasStudies, "studies": \.studies,
    "readings": \.readings,
  ]
}

extension SensitivityPage.Study: TemplateFields {
  static let fields: [String: PartialKeyPath<SensitivityPage.Study>] = [
    "title": \.title, "pairLink": \.pairLink, "scale": \.scale, "budget": \.budget,
    "seeds": \.seeds, "tables": \.tables,
  ]
}

extension SensitivityPage.Table: TemplateFields {
  static let fields: [String: PartialKeyPath<SensitivityPage.Table>] = [
    "tier": \.tier, "meaning": \.meaning, "headers": \.headers, "rows": \.rows,
    "chart": \.chart,
  ]
}

extension SensitivityPage.Row: TemplateFields {
  static let fields: [String: PartialKeyPath<SensitivityPage.Row>] = [
    "name": \.name, "meaning": \.meaning, "rowClass": \.rowClass, "cells": \.cells,
  ]
}

extension SensitivityPage.Cell: TemplateFields {
  static let fields: [String: PartialKeyPath<SensitivityPage.Cell>] = [
    "present": \.present, "text": \.text, "seeds": \.seeds, "mark": \.mark,
    "markClass": \.markClass, "test": \.test, "link": \.link, "references": \.references,
  ]
}

extension SensitivityPage.Verdict: TemplateFields {
  static let fields: [String: PartialKeyPath<SensitivityPage.Verdict>] = [
    "mark": \.mark, "markClass": \.markClass, "test": \.test,
  ]
}
