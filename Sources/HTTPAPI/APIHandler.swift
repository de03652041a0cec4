import APIContract
import Hummingbird
import OpenAPIRuntime
import Prometheus
import Services

/// The one implementation of the generated `APIProtocol`: each method turns
/// the contract's input into a Service call and the result into the
/// contract's typed output. No business rules and no SQL live here.
struct APIHandler: APIProtocol {
    let services: HTTPServices

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: .ok))))
    }

    func getReady(_ input: Operations.GetReady.Input) async throws -> Operations.GetReady.Output {
        switch await services.readiness.check() {
        case .ready(let applied, let expected):
            return .ok(.init(body: .json(.init(
                status: .ready, database: .reachable, migrations: .init(applied: applied, expected: expected)))))
        case .databaseUnreachable:
            return .serviceUnavailable(.init(
                headers: .init(retryAfter: 5),
                body: .applicationProblemJson(Problem(.serviceUnavailable, detail: "The database is unreachable.", instance: "/ready").contract)))
        case .migrationsNotCurrent(let pending, let edited, let unknown):
            func list(_ versions: [Int]) -> String { versions.map(String.init).joined(separator: ", ") }
            var reasons: [String] = []
            if !pending.isEmpty { reasons.append("pending: \(list(pending))") }
            if !edited.isEmpty { reasons.append("edited after applying: \(list(edited))") }
            if !unknown.isEmpty { reasons.append("unknown to this build: \(list(unknown))") }
            return .serviceUnavailable(.init(
                headers: .init(retryAfter: 30),
                body: .applicationProblemJson(Problem(
                    .serviceUnavailable, detail: "Database migrations are not current (\(reasons.joined(separator: "; "))).",
                    instance: "/ready").contract)))
        }
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        var buffer: [UInt8] = []
        services.metrics.emit(into: &buffer)
        return .ok(.init(body: .plainText(HTTPBody(buffer))))
    }
}
