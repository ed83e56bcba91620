/// The version of ocnna, reported by `ocnna version` and recorded in results.
public enum BuildInfo {
  public static let version = "0.1.0"
}
