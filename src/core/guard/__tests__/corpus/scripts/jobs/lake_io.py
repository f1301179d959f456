import pandas as pd

ORDERS = "s3://lake/warehouse/sales.db/orders/data"


def write_orders(df, path):
    df.to_parquet(path)


def read_orders():
    return pd.read_parquet(ORDERS)
