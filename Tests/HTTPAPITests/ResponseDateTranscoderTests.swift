import Foundation
import OpenAPIRuntime
import Testing

@testable import HTTPAPI

/// Issue 7: the faster date transcoder writes what openapi-runtime's `.iso8601` wrote, byte for byte, and reads the same.
@Suite("Response dates (issue 7)")
struct ResponseDateTranscoderTests {
    // The runtime's formatter rounded to the nearest second, so 11:59:59.6 read as 12:00:00, later than it was; a
    // deadline shown late is the wrong way to err. The fraction is now dropped (toward the past); the rest is the same.
    @Test("RFC 3339 as the runtime wrote it (UTC, whole seconds, before 1970 and far ahead), the fraction dropped rather than rounded up")
    func sameTextAsTheRuntime() throws {
        let runtime = ISO8601DateTranscoder.iso8601
        let fast = ResponseDateTranscoder()
        let instants: [TimeInterval] = [
            1_795_348_800, 1_795_348_800.000_001, 1_795_348_800.5, 1_795_348_800.999_999, 1_795_348_799.999_5, 0, -1.5,
            -86_400 * 365.25 * 30, 253_402_300_799, 1_709_164_800,  // 2024-02-29
        ]
        for seconds in instants + (0..<200).map({ _ in TimeInterval.random(in: -2e9...4e9) }) {
            let (mine, theirs) = (
                try fast.encode(Date(timeIntervalSince1970: seconds)), try runtime.encode(Date(timeIntervalSince1970: seconds.rounded(.down))))
            #expect(mine == theirs, "\(seconds)")
        }
        #expect(try fast.encode(Date(timeIntervalSince1970: 1_795_348_800)) == "2026-11-22T12:00:00Z")
        #expect(try fast.encode(Date(timeIntervalSince1970: 1_795_348_800.999_999)) == "2026-11-22T12:00:00Z")
        for text in ["2026-11-22T12:00:00Z", "2026-11-22T20:00:00+08:00"] {
            #expect(try fast.decode(text) == runtime.decode(text))
        }
        #expect(throws: (any Error).self) { try fast.decode("2026-11-22") }
    }
}
