import Foundation
import Synchronization

/// Limits requests without a login per client address (the one-time survey links, SRV-3): at most
/// `requestsPerMinute` in each minute of the clock; beyond, `tooManyRequests` with the seconds left.
/// In memory, per server process; entries of past minutes are dropped as the table grows.
public final class PublicRateLimiter: Sendable {
    private let requestsPerMinute: Int
    private let now: @Sendable () -> Date
    private let windows = Mutex<[String: (minute: Int64, count: Int)]>([:])

    public init(requestsPerMinute: Int = 30, now: @escaping @Sendable () -> Date = { Date() }) {
        self.requestsPerMinute = requestsPerMinute
        self.now = now
    }

    /// Counts one request from `address`, or refuses it.
    public func admit(_ address: String) throws {
        let seconds = Int64(now().timeIntervalSince1970.rounded(.down))
        let minute = seconds / 60
        let admitted = windows.withLock { windows -> Bool in
            if windows.count > 10_000 { windows = windows.filter { $0.value.minute == minute } }
            var window = windows[address] ?? (minute, 0)
            if window.minute != minute { window = (minute, 0) }
            guard window.count < requestsPerMinute else { return false }
            window.count += 1
            windows[address] = window
            return true
        }
        guard admitted else { throw ServiceError.tooManyRequests(retryAfterSeconds: Int(60 - seconds % 60)) }
    }
}
