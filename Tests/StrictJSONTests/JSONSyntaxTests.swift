import Foundation
import StrictJSON
import Testing

/// The strict check names where a file is wrong and refuses repeated keys, and it accepts
/// exactly the JSON Foundation accepts otherwise.
struct JSONSyntaxTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  @Test func everyCommittedJSONFilePasses() throws {
    var checked = 0
    for folder in ["Data", "Site"] {
      let base = Self.root.appendingPathComponent(folder)
      guard let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
      else { continue }
      for case let url as URL in files where url.pathExtension == "json" {
        let data = try Data(contentsOf: url)
        // The rule every project file is read with (`JSONFile.checkSyntax`).
        #expect(
          JSONSyntax.problem(in: data, refusingControlCharacters: true) == nil, "\(url.path)")
        checked += 1
      }
    }
    #expect(checked > 100, "only \(checked) files found")
  }

  @Test func aRepeatedKeyIsNamedByItsPathLineAndColumn() {
    let text = "{\n  \"a\": 1,\n  \"b\": {\"c\": 1, \"c\": 2}\n}"
    let problem = JSONSyntax.problem(in: Data(text.utf8))
    #expect(problem?.jsonPath == "$.b.c")
    #expect(problem?.line == 3)
    #expect(problem?.column == 17)
    #expect(problem?.message.contains("appears twice") == true)
    // Foundation alone keeps the last value without a word: the reason for this check.
    let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    #expect((object?["b"] as? [String: Int])?["c"] == 2)
  }

  @Test(arguments: [
    ("{\n  \"a\": tru\n}", 2, 8, "$.a"),
    ("{\"a\": [1, 2,]}", 1, 13, "$.a[2]"),
    ("{\"a\": 01}", 1, 8, "$.a"),
    ("{\"a\": 1,}", 1, 9, "$"),
    ("{\"a\": \"x\ty\"}", 1, 9, "$.a"),
    ("{\"a\": 1} x", 1, 10, "$"),
    ("{\"a\" 1}", 1, 6, "$.a"),
    ("[1, 2", 1, 6, "$[1]"),
    ("", 1, 1, "$"),
    ("{\"$schema\": 1, \"$schema\": 2}", 1, 16, "$[\"$schema\"]"),
    // Found by fuzzing: a number beyond a 64-bit float, which Foundation refuses unplaced.
    ("{\"a\": [2E2200]}", 1, 8, "$.a[0]"),
  ])
  func aSyntaxErrorIsPlaced(text: String, line: Int, column: Int, path: String) {
    let problem = JSONSyntax.problem(in: Data(text.utf8))
    #expect(problem?.line == line, "\(text): \(String(describing: problem))")
    #expect(problem?.column == column, "\(text): \(String(describing: problem))")
    #expect(problem?.jsonPath == path, "\(text): \(String(describing: problem))")
    // Foundation on Linux accepts trailing commas (and repeated keys); RFC 8259 does not.
    let lenient = text.contains("$schema") || text.contains(",]") || text.contains(",}")
    #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) == nil || lenient)
  }

  @Test func controlCharactersAreRefusedWhenAsked() {
    let text = Data(#"{"method": "Te\u0007st", "notes": "a\nb\tc"}"#.utf8)
    #expect(JSONSyntax.problem(in: text) == nil)
    let problem = JSONSyntax.problem(in: text, refusingControlCharacters: true)
    #expect(problem?.jsonPath == "$.method")
    #expect(problem?.message.contains("U+0007") == true)
    #expect(problem?.column == 12)
    let prose = Data(#"{"notes": "a\nb\tc"}"#.utf8)
    #expect(JSONSyntax.problem(in: prose, refusingControlCharacters: true) == nil)
  }

  @Test func deepNestingIsRefusedWithoutExhaustingTheStack() {
    let bomb = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(JSONSyntax.problem(in: Data(bomb.utf8))?.message.contains("nested more than") == true)
    let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
    #expect(JSONSyntax.problem(in: Data(fine.utf8)) == nil)
  }

  @Test func invalidUTF8AndBadEscapesAreRefused() {
    #expect(JSONSyntax.problem(in: Data([0x22, 0xFF, 0xFE, 0x22])) != nil)
    #expect(JSONSyntax.problem(in: Data(#""\q""#.utf8)) != nil)
    #expect(JSONSyntax.problem(in: Data(#""\u12G4""#.utf8)) != nil)
    #expect(JSONSyntax.problem(in: Data(#""\u00e9 \ud83d\ude00 \/""#.utf8)) == nil)
    // Found by fuzzing: half a surrogate pair, which Foundation refuses unplaced.
    #expect(JSONSyntax.problem(in: Data(#""\uDDDD""#.utf8))?.message.contains("half") == true)
    #expect(JSONSyntax.problem(in: Data(#""\ud83d x""#.utf8))?.message.contains("half") == true)
    #expect(JSONSyntax.problem(in: Data(#""\ud83d\u0041""#.utf8)) != nil)
  }

  /// On every document here that Foundation reads, the check agrees, except where it
  /// must not: repeated keys and nesting beyond its limit.
  @Test func itAgreesWithFoundationOnValidDocuments() {
    let documents = [
      "{}", "[]", "0", "-0.5e+10", "1E3", "\"\"", "null", "true", "false", " {\"a\" : [ ] } ",
      "{\"a\":{\"b\":[1,{\"c\":null}]},\"d\":\"\\n\"}", "[1.0, -2, 3e-2, \"é\", {}]",
    ]
    for document in documents {
      let foundation = try? JSONSerialization.jsonObject(
        with: Data(document.utf8), options: [.fragmentsAllowed])
      #expect(foundation != nil, "\(document)")
      #expect(JSONSyntax.problem(in: Data(document.utf8)) == nil, "\(document)")
    }
  }
}
