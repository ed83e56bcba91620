/// A request a command cannot carry out as given: the message says what is wrong and
/// how to ask instead.
public struct TaskError: Error, CustomStringConvertible, Equatable {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
