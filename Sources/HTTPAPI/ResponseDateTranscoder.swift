import Foundation
import OpenAPIRuntime

/// Dates as RFC 3339 (`2026-11-22T12:00:00Z`), as openapi-runtime's `.iso8601` transcoder writes them, but encoded
/// with FoundationEssentials' format style. The runtime's transcoder formats through one ISO8601DateFormatter behind a
/// lock shared by every request, and ICU under it; a page of 50 tickets has hundreds of dates, so under load that lock
/// serialized the responses (issue 7's profile). The format style drops a fraction of a second where the runtime
/// rounded it (a deadline of 11:59:59.6 read 12:00:00, later than it was). Decoding keeps the runtime's transcoder, so
/// what a request may send is unchanged.
struct ResponseDateTranscoder: DateTranscoder {
    private static let style = Date.ISO8601FormatStyle()
    private let decoder = ISO8601DateTranscoder.iso8601

    func encode(_ date: Date) throws -> String { Self.style.format(date) }

    func decode(_ text: String) throws -> Date { try decoder.decode(text) }
}

extension Configuration {
    /// The API's codec settings: compact JSON with sorted keys (the runtime's default also pretty-prints, which
    /// costs time and bytes on every response), dates through `ResponseDateTranscoder`.
    static let liaison = Configuration(dateTranscoder: ResponseDateTranscoder(), jsonEncodingOptions: [.sortedKeys])
}
