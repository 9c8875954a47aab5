import FlyingFox
import Foundation
import Logging
import Metrics
import Pipeline
import Prometheus

/// Serves /metrics (Prometheus text), /healthz and /readyz for one worker process.
final class MetricsServer: Sendable {
    private let server: HTTPServer
    private let task: Task<Void, Never>

    /// Routes swift-metrics into a Prometheus registry. Call before any metric is created: handles
    /// made earlier stay bound to the no-op backend.
    static func bootstrapMetrics() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }

    /// Starts serving `registry` and the worker's health.
    init(address: String, port: Int, registry: PrometheusCollectorRegistry, metrics: WorkerMetrics, logger: Logger) throws {
        let socketAddress: sockaddr_in
        do {
            socketAddress = try .inet(ip4: address, port: UInt16(port))
        } catch {
            throw CLIError("metrics_address '\(address)' is not an IPv4 address")
        }
        let server = HTTPServer(address: socketAddress, logger: .disabled)
        self.server = server
        task = Task {
            await server.appendRoute("GET /metrics") { _ in
                HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                             body: Data(registry.emitToBuffer()))
            }
            await server.appendRoute("GET /healthz") { _ in
                HTTPResponse(statusCode: .ok, body: Data("ok\n".utf8))
            }
            await server.appendRoute("GET /readyz") { _ in
                metrics.isReady
                    ? HTTPResponse(statusCode: .ok, body: Data("ready\n".utf8))
                    : HTTPResponse(statusCode: .serviceUnavailable, body: Data("no partitions assigned or no broker reachable\n".utf8))
            }
            do {
                try await server.run()
            } catch {
                logger.error("metrics server stopped: \(error)")
            }
        }
    }

    func stop() async {
        await server.stop(timeout: 1)
        task.cancel()
    }
}
