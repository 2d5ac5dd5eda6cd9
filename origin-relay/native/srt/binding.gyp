# libsrt (and OpenSSL's libcrypto, which libsrt-openssl already links) found through pkg-config.
{
  "targets": [
    {
      "target_name": "tributary_srt",
      "sources": [
        "src/addon.cc",
        "src/listener-wrap.cc",
        "src/srt-server.cc",
        "src/access-table.cc",
        "src/stream-id.cc",
        "src/peer-address.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(pkg-config --cflags-only-I srt libcrypto | sed s/-I//g)"
      ],
      "libraries": ["<!@(pkg-config --libs srt libcrypto)"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra"]
    }
  ]
}
