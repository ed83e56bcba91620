import Foundation
import Results

/// The overview: the architecture × dataset matrix with coverage and headlines.
struct OverviewPage {
  var model: ReportModel

  func cell(_ report: PairReport) -> [String: Any] {
    var cell: [String: Any] = [
      "present": true, "link": "pairs/\(report.pair.slug).html",
      "state": report.freshness.rawValue,
      "measuredOCNNA": report.closed.filter { $0.method == CriterionName.ocnna.slug }.count,
      "measuredBaselines": report.closed.filter { $0.method != CriterionName.ocnna.slug }.count,
      "recordedMethods": Set(report.recorded.map(\.method.method)).count,
    ]
    if let reference = report.referenceScale { cell["scale"] = reference.scale }
    if let headline = report.headline {
      var h: [String: Any] = [
        "drop": SVG.value(headline.drop), "rpr": SVG.value(headline.rpr, digits: 2),
      ]
      if headline.seeds > 1 { h["spread"] = SVG.value(headline.dropSpread) }
      cell["headline"] = h
      if let recorded = report.bestRecorded(near: headline.rpr) {
        cell["recorded"] = [
          "method": recorded.method.method, "drop": SVG.value(recorded.drop!),
          "rpr": SVG.value(recorded.rpr!, digits: 2),
        ]
      }
    }
    return cell
  }

  var datasets: [String] {
    Array(Set(model.pairs.map(\.pair.dataset))).sorted {
      (Families.datasetOrder($0), $0) < (Families.datasetOrder($1), $1)
    }
  }

  var architectures: [String] {
    Array(Set(model.pairs.map(\.pair.architecture))).sorted {
      (Families.architectureOrder($0), $0) < (Families.architectureOrder($1), $1)
    }
  }

  func context(common: [String: Any]) -> [String: Any] {
    var context = common
    context["root"] = ""
    context["title"] = "Overview"
    context["datasets"] = datasets
    let byPair = Dictionary(uniqueKeysWithValues: model.pairs.map { ($0.pair, $0) })
    context["rows"] = architectures.map { architecture -> [String: Any] in
      [
        "architecture": architecture,
        "cells": datasets.map { dataset -> [String: Any] in
          byPair[Pair(architecture: architecture, dataset: dataset)].map(cell) ?? ["present": false]
        },
      ]
    }
    return context
  }

  var table: ExportTable {
    ExportTable(
      header: [
        "pair", "state", "OCNNA points", "baseline points", "recorded methods", "OCNNA drop",
        "OCNNA RPR", "best recorded near that RPR", "its drop", "its RPR", "measured at",
      ],
      rows: model.pairs.map { r in
        let h = r.headline
        let best = h.flatMap { r.bestRecorded(near: $0.rpr) }
        return [
          r.pair.title, r.freshness.rawValue,
          String(r.closed.filter { $0.method == CriterionName.ocnna.slug }.count),
          String(r.closed.filter { $0.method != CriterionName.ocnna.slug }.count),
          String(Set(r.recorded.map(\.method.method)).count),
          h.map { SVG.value($0.drop) } ?? "", h.map { SVG.value($0.rpr, digits: 3) } ?? "",
          best?.method.method ?? "", best?.drop.map { SVG.value($0) } ?? "",
          best?.rpr.map { SVG.value($0, digits: 3) } ?? "", r.referenceScale?.scale ?? "",
        ]
      })
  }

  /// A README badge per pair with a measured OCNNA headline.
  var badges: [String: String] {
    var files: [String: String] = [:]
    for report in model.pairs {
      guard let h = report.headline else { continue }
      files["badges/\(report.pair.slug).svg"] = Badge.svg(
        label: "OCNNA \(report.pair.title)",
        value: "drop \(SVG.value(h.drop)) @ RPR \(SVG.value(h.rpr))",
        state: report.freshness.rawValue)
    }
    return files
  }
}
