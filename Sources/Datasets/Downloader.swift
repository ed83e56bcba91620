import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Downloads a `RemoteFile` into a folder: resumes an interrupted download from its
/// `.part` file with an HTTP range request, verifies size and checksum, and only then
/// renames it into place, so a half or wrong file never carries the final name.
public enum Downloader {
  /// Fetches `file` from `source` (its official URL unless a mirror base URL is given,
  /// `http(s)://` or `file://`) into `folder`, reporting bytes received.
  @discardableResult
  public static func fetch(
    _ file: RemoteFile, into folder: URL, mirror: URL? = nil,
    progress: @escaping (Int, Int) -> Void = { _, _ in }
  ) throws -> URL {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let destination = folder.appendingPathComponent(file.name)
    if FileManager.default.fileExists(atPath: destination.path),
      (try? file.verify(destination)) != nil
    {
      return destination
    }
    let partial = folder.appendingPathComponent(file.name + ".part")
    guard let source = mirror.map({ $0.appendingPathComponent(file.name) }) ?? URL(string: file.url)
    else {
      throw DatasetError(
        path: file.url, message: "is not a valid URL", fix: "correct the dataset's URL")
    }
    if !FileManager.default.fileExists(atPath: partial.path) {
      FileManager.default.createFile(atPath: partial.path, contents: nil)
    }
    let existing =
      ((try? FileManager.default.attributesOfItem(atPath: partial.path))?[.size] as? NSNumber)?
      .intValue ?? 0
    if source.isFileURL {
      try copyFile(source, to: partial, from: existing, total: file.size, progress: progress)
    } else {
      try StreamingDownload(
        source: source, destination: partial, resumeFrom: existing, total: file.size,
        progress: progress
      ).run()
    }
    do {
      try file.verify(partial)
    } catch {
      try? FileManager.default.removeItem(at: partial)
      throw error
    }
    if FileManager.default.fileExists(atPath: destination.path) {
      try FileManager.default.removeItem(at: destination)
    }
    try FileManager.default.moveItem(at: partial, to: destination)
    return destination
  }

  private static func copyFile(
    _ source: URL, to partial: URL, from offset: Int, total: Int, progress: (Int, Int) -> Void
  ) throws {
    guard let input = try? FileHandle(forReadingFrom: source) else {
      throw DatasetError(
        path: source.path, message: "cannot be read", fix: "check the mirror folder")
    }
    defer { try? input.close() }
    let output = try FileHandle(forWritingTo: partial)
    defer { try? output.close() }
    try input.seek(toOffset: UInt64(offset))
    try output.seekToEnd()
    var written = offset
    while let chunk = try input.read(upToCount: 1 << 22), !chunk.isEmpty {
      try output.write(contentsOf: chunk)
      written += chunk.count
      progress(written, total)
    }
  }
}

/// One HTTP download that appends what arrives to a file as it arrives.
final class StreamingDownload: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  let source: URL, destination: URL, resumeFrom: Int, total: Int
  let progress: (Int, Int) -> Void
  private var handle: FileHandle?
  private var received = 0
  private var failure: Error?
  private let done = DispatchSemaphore(value: 0)

  init(
    source: URL, destination: URL, resumeFrom: Int, total: Int,
    progress: @escaping (Int, Int) -> Void
  ) {
    self.source = source
    self.destination = destination
    self.resumeFrom = resumeFrom
    self.total = total
    self.progress = progress
  }

  func run() throws {
    var request = URLRequest(url: source)
    if resumeFrom > 0 { request.setValue("bytes=\(resumeFrom)-", forHTTPHeaderField: "Range") }
    let session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)
    session.dataTask(with: request).resume()
    done.wait()
    session.finishTasksAndInvalidate()
    try? handle?.close()
    if let failure { throw failure }
  }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
  ) {
    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
    do {
      handle = try FileHandle(forWritingTo: destination)
      if status == 206 {
        try handle?.seekToEnd()
        received = resumeFrom
      } else if status == 200 {
        try handle?.truncate(atOffset: 0)  // the server ignored the range: start over
      } else {
        failure = DatasetError(
          path: source.absoluteString, message: "answered HTTP \(status)",
          fix: "check the URL or try a mirror (--mirror)")
        completionHandler(.cancel)
        return
      }
      completionHandler(.allow)
    } catch {
      failure = error
      completionHandler(.cancel)
    }
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    do {
      try handle?.write(contentsOf: data)
      received += data.count
      progress(received, total)
    } catch {
      failure = error
      dataTask.cancel()
    }
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
    if let error, failure == nil {
      failure = DatasetError(
        path: source.absoluteString,
        message:
          "download stopped after \(received) of \(total) bytes (\(error.localizedDescription))",
        fix: "run the same command again: it resumes from the partial file")
    }
    done.signal()
  }
}
