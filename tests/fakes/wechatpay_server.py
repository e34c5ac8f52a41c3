"""The local WeChat Pay v3 server the tests run the real SDK against (lives in infra/ because `make up` uses it)."""

from infra.localcloud.wechatpay import LocalWechatPay, sign

__all__ = ["LocalWechatPay", "sign"]
