/// Loads results and recorded baselines and renders the static site (issue #6 fills this
/// target).
public enum Report {}
