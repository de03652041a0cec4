import Prometheus
import Services

/// Everything the HTTP layer calls: the Services, and the metrics registry it exposes.
public struct HTTPServices: Sendable {
    public var readiness: ReadinessService
    public var metrics: PrometheusCollectorRegistry

    public init(readiness: ReadinessService, metrics: PrometheusCollectorRegistry) {
        self.readiness = readiness
        self.metrics = metrics
    }
}
