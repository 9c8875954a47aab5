/// One worker setting, declared once in `WorkerSetting.all`: its key, its help, how its text is
/// checked, and what it means when unset. The config file's keys, the `SMUGGLEWATCH_*` variables,
/// the flags' help, the checks of every layer and `config show` are all derived from it; its
/// default value is the `WorkerSettings` property's own, so that it too is written once.
public struct WorkerSetting: Sendable {
    /// The key in a config file, `batch_size`; the variable (`SMUGGLEWATCH_BATCH_SIZE`) and the
    /// flag (`--batch-size`) are named after it.
    public let key: String
    /// What the setting does, for `--help`; `helpWithDefault` adds the default.
    let help: String
    /// A setting without a default (brokers): some layer must give it.
    let isRequired: Bool
    /// Checks `text` and stores the value; throws what is wrong with it.
    private let assign: @Sendable (inout WorkerSettings, _ text: String) throws(Refusal) -> Void
    /// The value as a YAML scalar and as shown for a default; an unset one as `null  # what it
    /// means` and what it means.
    private let render: @Sendable (WorkerSettings) -> (yaml: String, shown: String)

    /// Why a value is refused: "must be an integer in 1...64, got 'x'".
    struct Refusal: Error {
        var message: String
    }

    /// A setting whose property always holds a value, its default until a layer sets it.
    init<Value>(_ key: String, _ property: WritableKeyPath<WorkerSettings, Value> & Sendable, _ format: Format<Value>,
                required: Bool = false, help: String) {
        self.key = key
        self.help = help
        isRequired = required
        assign = { settings, text throws(Refusal) in settings[keyPath: property] = try format.parse(text) }
        render = { settings in format.render(settings[keyPath: property]) }
    }

    /// A setting whose property is nil until a layer sets it; `unset` says what nil means, given
    /// the other settings ("one per core, at most 8").
    init<Value>(_ key: String, _ property: WritableKeyPath<WorkerSettings, Value?> & Sendable, _ format: Format<Value>,
                unset: @escaping @Sendable (WorkerSettings) -> String, help: String) {
        self.key = key
        self.help = help
        isRequired = false
        assign = { settings, text throws(Refusal) in settings[keyPath: property] = try format.parse(text) }
        render = { settings in
            if let value = settings[keyPath: property] { return format.render(value) }
            let meaning = unset(settings)
            return ("null  # \(meaning)", meaning)
        }
    }

    init<Value>(_ key: String, _ property: WritableKeyPath<WorkerSettings, Value?> & Sendable, _ format: Format<Value>,
                unset: String, help: String) {
        self.init(key, property, format, unset: { _ in unset }, help: help)
    }

    /// `SMUGGLEWATCH_BATCH_SIZE`.
    var environmentVariable: String { SettingsLayer.environmentPrefix + key.uppercased() }

    /// The default as `--help`, `config show` and the docs show it: `500`, `smugglewatch`, `""`,
    /// or what an unset value means; nil for a required setting.
    var defaultText: String? {
        isRequired ? nil : render(WorkerSettings()).shown
    }

    /// The help of the setting's flag, its default (or that it is required) included.
    public var helpWithDefault: String {
        help + (defaultText.map { " (default: \($0))" } ?? " (required)")
    }

    /// The setting as a line of `config show`: `batch_size: 500`, `decide_threads: null  # one per core, at most 8`.
    func yamlLine(_ settings: WorkerSettings) -> String {
        "\(key): " + render(settings).yaml
    }

    func set(_ text: String, in settings: inout WorkerSettings, source: String) throws(ConfigurationError) {
        do {
            try assign(&settings, text)
        } catch {
            throw ConfigurationError(key: key, source: source, message: error.message)
        }
    }

    /// The setting with this key, if there is one.
    public static func named(_ key: String) -> WorkerSetting? { byKey[key] }

    private static let byKey = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })
}
