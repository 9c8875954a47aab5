/// Logger metadata keys of the pipeline, in one place.
public enum PipelineLogKey {
    public static let workerID = "worker.id"
    public static let deadLetterCode = "deadletter.code"
    public static let source = "record.source"
    /// The largest output record (key and value), from the producer's message.max.bytes.
    public static let maxRecordBytes = "output.max_record_bytes"
}
