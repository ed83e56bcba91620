/// Dependency groups, importance criteria (OCNNA and the baselines), policies, pruning
/// plans and the one surgery function (issue #4 fills this target).
public enum Pruning {}
