import ArgumentParser
import Kafka
import Logging
import Pipeline

/// Options shared by every command that talks to a Kafka cluster.
struct KafkaOptions: ParsableArguments {
    @Option(help: "Bootstrap servers, host:port[,host:port...].")
    var brokers: String

    @Option(name: .customLong("kafka"), help: ArgumentHelp(
        "A librdkafka property passed as it is, key=value (repeatable): TLS, SASL, tuning.",
        valueName: "key=value"))
    var properties: [String] = []

    @Option(help: "Prefix of every pipeline topic name.")
    var topicPrefix: String = ""

    func configuration(clientID: String = "smugglewatch") throws -> KafkaConfiguration {
        switch Self.parseProperties(properties) {
        case .success(let parsed):
            return KafkaConfiguration(bootstrapServers: brokers, clientID: clientID, properties: parsed)
        case .failure(let bad):
            throw ValidationError("--kafka: \(bad)")
        }
    }

    /// A `--kafka` argument without `key=`; not quoted, as it may be a mistyped secret (`sasl.password:x`).
    struct BadProperty: Error, CustomStringConvertible {
        var position: Int
        var description: String { "takes key=value; --kafka argument \(position) has no property name before an '=' (not shown: it may hold a secret)" }
    }

    /// `key=value` arguments as a map (the value may contain `=`), or the first without a key.
    static func parseProperties(_ arguments: [String]) -> Result<[String: String], BadProperty> {
        var parsed: [String: String] = [:]
        for (index, argument) in arguments.enumerated() {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                return .failure(BadProperty(position: index + 1))
            }
            parsed[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
        }
        return .success(parsed)
    }

    var topics: PipelineTopics { PipelineTopics(prefix: topicPrefix) }
}

/// Log options shared by every command.
struct LogOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    /// Sends logs to stderr; stdout stays for the command's output.
    func makeLogger(label: String) -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
