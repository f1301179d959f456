# %% read
import boto3

s3 = boto3.client("s3", endpoint_url="http://minio:9000")
resp = s3.list_objects_v2(Bucket="lake", Prefix="warehouse/obs/observations/data/")
keys = [o["Key"] for o in resp.get("Contents", [])]

# %% write
s3.put_object(Bucket="lake", Key="warehouse/obs/observations/data/station_id=ST-001/manual.parquet", Body=buf.getvalue())

# %% write
for key in keys:
    if key.endswith(".crc"):
        s3.delete_object(Bucket="lake", Key=key)

# %% write
s3.delete_objects(
    Bucket="lake",
    Delete={"Objects": [{"Key": "warehouse/obs/stations/data/00001.parquet"}]},
)

# %% write
s3.upload_file("/home/jovyan/out/orders.parquet", "lake", "warehouse/sales.db/orders/data/orders.parquet")

# %% read
s3.download_file("lake", "warehouse/sales.db/orders/data/orders.parquet", "/tmp/orders.parquet")

# %% write
s3.copy_object(
    Bucket="lake",
    Key="warehouse/climate/daily_temperature/data/copied.parquet",
    CopySource={"Bucket": "scratch", "Key": "maria/daily.parquet"},
)

# %% read
s3.copy_object(
    Bucket="scratch",
    Key="maria/daily_backup.parquet",
    CopySource={"Bucket": "lake", "Key": "warehouse/climate/daily_temperature/data/00000.parquet"},
)

# %% write
res = boto3.resource("s3")
bucket = res.Bucket("lake")
bucket.objects.filter(Prefix="warehouse/obs/observations/").delete()

# %% read
for obj in bucket.objects.filter(Prefix="warehouse/obs/observations/metadata/"):
    print(obj.key, obj.size)

# %% write
res.Object("marine-data", "iceberg/buoys/readings/data/part-0.parquet").delete()

# %% write
obj = res.Object("lake", "warehouse/obs/stations/data/new.parquet")
obj.put(Body=open("/tmp/new.parquet", "rb"))

# %% write
bucket.upload_file("/tmp/fix.parquet", "warehouse/sales.db/orders/data/fix.parquet")

# %% read
bucket.download_file("warehouse/sales.db/orders/data/fix.parquet", "/tmp/fix_copy.parquet")
body = res.Object("lake", "warehouse/obs/stations/data/new.parquet").get()["Body"].read()

# %% write
prefix = "warehouse/obs/observations/data/station_id=BAD"
session = boto3.session.Session(profile_name="lake-admin")
client = session.client("s3")
client.delete_object(Bucket="lake", Key=f"{prefix}/part-00000.parquet")

# %% write
s3.upload_fileobj(io.BytesIO(b"x"), "raw-landing", "instruments/adcp/dump.bin")

# %% read
s3.upload_fileobj(io.BytesIO(b"x"), "raw-landing", "instruments/tmp/dump.bin")
s3.put_object(Bucket="scratch", Key="maria/hello.txt", Body=b"hello")
