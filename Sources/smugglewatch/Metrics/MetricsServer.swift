import Foundation
import Logging
import Metrics
import Pipeline
import Prometheus

/// Serves /metrics (Prometheus text), /healthz and /readyz for one worker process.
final class MetricsServer: Sendable {
    private let listener: HTTPListener

    /// Routes swift-metrics into a Prometheus registry. Call before any metric is created: handles
    /// made earlier stay bound to the no-op backend.
    static func bootstrapMetrics() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }

    /// Listens at once: a port in use throws here, before the worker joins its group.
    init(address: String, port: Int, registry: PrometheusCollectorRegistry, metrics: WorkerMetrics,
         logger: Logger) throws(HTTPListener.StartError) {
        listener = try HTTPListener(address: address, port: port, logger: logger) { path in
            switch path {
            case "/metrics":
                var body: [UInt8] = []
                registry.emit(into: &body)
                return HTTPListener.Response(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: body)
            case "/healthz":
                return HTTPListener.Response(status: 200, body: Array("ok\n".utf8))
            case "/readyz":
                return metrics.isReady
                    ? HTTPListener.Response(status: 200, body: Array("ready\n".utf8))
                    : HTTPListener.Response(status: 503, body: Array("no partitions assigned or no broker reachable\n".utf8))
            default:
                return HTTPListener.Response(status: 404, body: Array("not found: /metrics, /healthz and /readyz are served\n".utf8))
            }
        }
    }

    func stop() {
        listener.stop()
    }
}
