/// An error from Kafka or from our use of librdkafka.
///
/// `rdCode` and `rdName` are librdkafka's own (`rd_kafka_resp_err_t`); `isFatal` means the client
/// instance can no longer be used, `isRetriable` that the same call may succeed later.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in our terms.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public var description: String { name }
        private init(_ name: String) { self.name = name }

        /// A configuration property was rejected.
        public static let configuration = Code("configuration")
        /// The client instance could not be created.
        public static let clientCreation = Code("client_creation")
        /// A record could not be enqueued or delivered.
        public static let produce = Code("produce")
        /// Subscribing, polling or assigning failed.
        public static let consume = Code("consume")
        /// Committing offsets failed.
        public static let commit = Code("commit")
        /// An admin request (topic creation, metadata) failed.
        public static let admin = Code("admin")
        /// The embedded broker failed.
        public static let embeddedCluster = Code("embedded_cluster")
        /// librdkafka raised a fatal error: the instance is unusable.
        public static let fatal = Code("fatal")
        /// A call did not finish in time.
        public static let timeout = Code("timeout")
        /// A transaction call failed.
        public static let transaction = Code("transaction")
    }

    public var code: Code
    public var message: String
    /// librdkafka's numeric error code, when librdkafka reported the error.
    public var rdCode: Int32?
    /// librdkafka's symbolic error name (e.g. `REQUEST_TIMED_OUT`), when it reported the error.
    public var rdName: String?
    public var isFatal: Bool
    public var isRetriable: Bool
    /// The current transaction must be aborted (and its input re-read) before going on.
    public var requiresAbort = false

    public init(
        code: Code, message: String, rdCode: Int32? = nil, rdName: String? = nil,
        isFatal: Bool = false, isRetriable: Bool = false
    ) {
        self.code = code
        self.message = message
        self.rdCode = rdCode
        self.rdName = rdName
        self.isFatal = isFatal
        self.isRetriable = isRetriable
    }

    /// The record (or the batch holding it) is larger than the producer's `message.max.bytes` or
    /// the topic's `max.message.bytes`: sending it again as it is cannot succeed.
    public var isRecordTooLarge: Bool {
        rdName == "MSG_SIZE_TOO_LARGE" || rdName == "RECORD_LIST_TOO_LARGE"
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let rdName { text += " [\(rdName)]" }
        if isFatal { text += " (fatal)" } else if requiresAbort { text += " (abort transaction)" } else if isRetriable { text += " (retriable)" }
        return text
    }
}
