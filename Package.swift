// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "smugglewatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "smugglewatch", targets: ["smugglewatch"]),
        .library(name: "Classifier", targets: ["Classifier"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "Records", targets: ["Records"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "Crdkafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "Kafka",
            dependencies: [
                "Crdkafka",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Classifier",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The records of the topics (posts in; decisions, dead letters, verdicts out) and their one
        // JSON codec: what a reader of the trail needs, without Kafka.
        .target(
            name: "Records",
            dependencies: ["Classifier"]
        ),
        .target(
            name: "Pipeline",
            dependencies: [
                "Kafka",
                "Classifier",
                "Records",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "Reports",
            dependencies: ["Records", "Classifier"]
        ),
        .executableTarget(
            name: "smugglewatch",
            dependencies: [
                "Kafka",
                "Classifier",
                "Pipeline",
                "Records",
                "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka"]),
        .testTarget(name: "ClassifierTests", dependencies: ["Classifier"]),
        .testTarget(name: "RecordsTests", dependencies: ["Records", "Classifier"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Records", "Kafka", "Classifier", "ReportsTestKit"]),
        .target(name: "ReportsTestKit", path: "Sources/ReportsTestKit"),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Records", "Classifier", "ReportsTestKit"]),
    ],
    swiftLanguageModes: [.v6]
)
