/// A part of a page rendered once and placed, as it is, on several pages
/// (`{{{html}}}`): a pair's measured rows appear on six pages (two views × three orders),
/// and rendering each row six times was half of rendering a large pair.
struct RenderedFragment {
  var html: String

  /// The template's output without the newline that ends the template file, so that the
  /// page's own line breaks stay where its template puts them.
  init(_ rendered: String) {
    html = rendered.hasSuffix("\n") ? String(rendered.dropLast()) : rendered
  }
}

extension RenderedFragment: TemplateFields {
  static let fields: [String: PartialKeyPath<RenderedFragment>] = ["html": \.html]
}
