/// The form of a result id: the 16 lowercase hexadecimal digits of its run key.
///
/// An id names the result's file (`<id>.json`) and its run page (`runs/<id>.html`), so
/// one that is not of this form — `../x`, an empty string, a slash — could write outside
/// the folders it belongs in. Every id is checked against this form where a result is
/// read or written.
public enum ResultID {
  public static let length = 16

  /// Whether `id` is 16 lowercase hexadecimal digits.
  public static func isValid(_ id: String) -> Bool {
    id.utf8.count == length
      && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }

  /// Why `id` is refused, or nil when it is a valid id.
  public static func problem(with id: String) -> String? {
    isValid(id)
      ? nil
      : "is '\(id.prefix(40))', not a result id (16 lowercase hexadecimal digits, the run key ocnna computed); restore the file from git or delete it and rerun its cell"
  }
}
