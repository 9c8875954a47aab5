import Foundation
import Logging
import Pipeline
import Records

/// Bootstraps swift-log once for the process: text or JSON lines on stderr.
enum LogSetup {
    static func bootstrap(level: Logger.Level, format: WorkerSettings.LogFormat) {
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}

/// One JSON object per line on stderr: `ts`, `level`, `logger`, `msg`, then metadata keys.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        var merged = metadata
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("ts"); json.string(Decider.timestamp())
        json.key("level"); json.string(level.rawValue)
        json.key("logger"); json.string(label)
        json.key("msg"); json.string(message.description)
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            json.key(dynamic: key)
            json.string(value.description)
        }
        json.endObject()
        FileHandle.standardError.write(Data(json.bytes + [0x0A]))
    }
}
