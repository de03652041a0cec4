import Foundation
import Hummingbird
import Logging

/// One access log line per request, when its answer is known: method, path, status, duration. The path of a public
/// feed or survey form carries its key, a bearer secret: the log shows `…` in its place. Query strings and headers
/// are never logged (tokens travel in `Authorization`, passwords and receipt keys in bodies).
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, status: Int(response.status.code), since: started, logger: context.logger)
            return response
        } catch {
            log(request, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: started, logger: context.logger)
            throw error
        }
    }

    private func log(_ request: Request, status: Int, since started: ContinuousClock.Instant, logger: Logger) {
        let elapsed = started.duration(to: .now)
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("request", metadata: [
            "method": .string(request.method.rawValue), "path": .string(Self.loggedPath(request.uri.path)),
            "status": .stringConvertible(status), "duration_ms": .string(String(format: "%.1f", milliseconds)),
        ])
    }

    /// The path with the key of `/v1/public/<kind>/<key>…` replaced by `…`.
    static func loggedPath(_ path: String) -> String {
        var components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard components.count >= 5, components[1] == "v1", components[2] == "public" else { return path }
        components[4] = "…"
        return components.joined(separator: "/")
    }
}
