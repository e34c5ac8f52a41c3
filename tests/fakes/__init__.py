"""Local servers that speak third-party protocols (WeChat, ...), for testing the real gateways."""
