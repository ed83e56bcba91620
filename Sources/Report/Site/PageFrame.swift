import Results

/// What the header and footer of every page print: the path back to the site root, the
/// page title, and the counts and version of the footer.
///
/// Page models are structs rendered by swift-mustache through their stored properties;
/// templates reach these as `{{frame.root}}`, `{{frame.title}}` and so on.
struct PageFrame {
  var root: String
  var title: String
  var version: String
  var resultCount: Int
  var recordedCount: Int

  /// The frame of a page `root` away from the site root.
  static func make(_ model: ReportModel, root: String, title: String) -> PageFrame {
    PageFrame(
      root: root, title: title, version: BuildInfo.version, resultCount: model.results.count,
      recordedCount: model.methods.map(\.entries.count).reduce(0, +))
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
