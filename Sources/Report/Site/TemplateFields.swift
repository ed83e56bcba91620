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
    "root": \.root, "title": \.title, "version": \.version, "resultCount": \.resultCount,
    "recordedCount": \.recordedCount,
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
