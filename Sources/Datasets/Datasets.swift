/// Readers for the standard image-classification formats, the built-in synthetic dataset,
/// shuffling, subsets, augmentation and batching (issue #3 fills this target).
public enum Datasets {}
