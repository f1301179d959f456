# %% read
!ls -la /home/jovyan/lakehouse/demo/events/data
!aws s3 ls s3://lake/warehouse/obs/observations/data/ --recursive | head

# %% write
!rm -rf /home/jovyan/lakehouse/demo/events/data/event_date=2024-01-01

# %% write
!aws s3 rm s3://lake/warehouse/obs/observations/data/station_id=TEST/ --recursive

# %% write
!aws s3 cp /home/jovyan/out/part-0.parquet s3://lake/warehouse/obs/observations/data/station_id=ST-001/

# %% read
!aws s3 cp s3://lake/warehouse/obs/observations/data/station_id=ST-001/ /home/jovyan/local/ --recursive

# %% write
!aws s3 sync ./fixed_parquet s3://lake/warehouse/obs/stations/data --delete

# %% write
!aws s3 mv s3://lake/warehouse/sales.db/orders/data/bad.parquet s3://scratch/trash/bad.parquet

# %% read
!aws s3 sync s3://lake/warehouse/sales.db/orders/data s3://scratch/orders_mirror

# %% write
!gsutil -m rm -r s3://marine-data/iceberg/buoys/readings/data

# %% write
!hdfs dfs -rm -r -skipTrash s3a://lake/warehouse/climate/daily_temperature/data

# %% write
!hdfs dfs -put -f daily.parquet s3a://lake/warehouse/climate/daily_temperature/data/

# %% read
!hdfs dfs -ls s3a://lake/warehouse/climate/daily_temperature/data
!hdfs dfs -get s3a://lake/warehouse/climate/daily_temperature/data/x.parquet /tmp/

# %% write
table_dir = "/home/jovyan/lakehouse/demo/events"
!mv {table_dir}/data/part-1.parquet /tmp/

# %% write
events_dir = "/home/jovyan/lakehouse/demo/events/data"
!cp /tmp/fix.parquet $events_dir/

# %% write
%%bash
set -euo pipefail
TABLE=s3://lake/warehouse/obs/stations
aws s3 ls $TABLE/data/
aws s3 rm "$TABLE/data/tmp/" --recursive

# %% read
%%bash
for f in /home/jovyan/lakehouse/demo/events/data/*.parquet; do
  parquet-tools meta "$f" | head -5
done

# %% write
%%sh
echo "fixed" > /home/jovyan/lakehouse/demo/events/data/STATUS

# %% write
listing = !rm -v /home/jovyan/lakehouse/demo/events/data/*.crc

# %% write
import os

os.system("rm -rf /home/jovyan/lakehouse/demo/events/metadata/*.tmp")

# %% write
import subprocess

subprocess.run(["aws", "s3", "rm", "--recursive", "s3://lake/warehouse/sales.db/orders/data/_temporary"], check=True)

# %% read
subprocess.run(["aws", "s3", "ls", "s3://lake/warehouse/sales.db/orders/data/"], check=True)
out = subprocess.check_output("du -sh /home/jovyan/lakehouse/demo/events", shell=True)

# %% write
!find /home/jovyan/lakehouse/demo/events/data -name '*.tmp' -delete

# %% read
!find /home/jovyan/lakehouse/demo/events/data -name '*.parquet' | wc -l

# %% write
!touch /home/jovyan/lakehouse/demo/events/data/_SUCCESS

# %% read
!echo "rm -rf /home/jovyan/lakehouse/demo/events" > /home/jovyan/cleanup_plan.txt
