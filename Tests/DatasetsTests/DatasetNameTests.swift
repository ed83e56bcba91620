import Datasets
import Results
import Testing

/// The catalogue of dataset names (Results) and the readers (Datasets) name the same
/// datasets: a reader without a catalogue entry, or an entry without a reader, fails here.
struct DatasetNameTests {
  @Test func everyReaderHasACatalogueEntryAndEveryEntryAReader() {
    #expect(DatasetCatalog.all.map(\.name) == DatasetName.all.map(\.slug))
    for descriptor in DatasetCatalog.all {
      #expect(DatasetName.named(descriptor.name) == descriptor.entry)
    }
  }

  /// A dataset is imported from an archive exactly when its catalogue entry names one,
  /// and the reader checks that very file.
  @Test func importedDatasetsCheckTheArchiveTheirEntryNames() {
    for descriptor in DatasetCatalog.all {
      #expect(descriptor.archive?.name == descriptor.entry.archiveName, "\(descriptor.name)")
    }
    #expect(DatasetName.importable.map(\.slug) == ["cifar10-jpeg", "cifar100-png"])
  }

  @Test func slugsAndDisplayNamesAreUnique() {
    #expect(Set(DatasetName.all.map(\.slug)).count == DatasetName.all.count)
    #expect(Set(DatasetName.all.map(\.displayName)).count == DatasetName.all.count)
  }

  @Test func bothCIFAR10VariantsMeetUnderOneFamily() {
    #expect(DatasetName.cifar10.family == DatasetName.cifar10JPEG.family)
    #expect(DatasetName.named("nosuch") == nil)
  }
}
