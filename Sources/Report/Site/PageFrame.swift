import Results

/// What the header and footer of every page print: the path back to the site root, the
/// page title, the version, and the counts of the footer (not on run pages, which would
/// otherwise all change whenever one result is added, and could never be kept from the
/// last build).
///
/// Page models are structs rendered by swift-mustache through their stored properties;
/// templates reach these as `{{frame.root}}`, `{{frame.title}}` and so on.
struct PageFrame {
  var root: String
  var title: String
  var version: String
  var counts: Counts?

  /// How many results the site was built from.
  struct Counts {
    var results: Int
    var recorded: Int
  }

  /// The frame of a page `root` away from the site root, with the counts.
  static func make(_ model: ReportModel, root: String, title: String) -> PageFrame {
    PageFrame(
      root: root, title: title, version: BuildInfo.version,
      counts: Counts(
        results: model.results.count,
        recorded: model.methods.map(\.entries.count).reduce(0, +)))
  }
}

/// A name and its value, as the definition lists of run pages show them.
struct NamedValue {
  var name: String
  var value: String
}

/// A labelled link to another page ("Its published results: FPGM").
struct NamedLink {
  var label: String
  var name: String
  var link: String
}

/// A link among alternatives (views, orders), the current one shown unlinked.
struct ChoiceLink {
  var label: String
  var link: String
  var current: Bool
}
