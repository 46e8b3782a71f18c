# Same-run comparison of the starter before (an older jar) and after (the installed SNAPSHOT):
# see benchmarks/results/startup-before-after.md.
import subprocess,time,statistics,sys,re
import os
B=os.path.dirname(os.path.abspath(__file__))
new='/root/.m2/repository/io/awsrefresh/aws-refresh-spring-boot/0.1.0-SNAPSHOT/aws-refresh-spring-boot-0.1.0-SNAPSHOT.jar'
old='/tmp/wt-old/autoconfigure/target/aws-refresh-spring-boot-0.1.0-SNAPSHOT.jar'
runs=int(sys.argv[1])
res={}
for m,r in [('5','1'),('25','20')]:
    without=B+'/target/classes:'+open(f'{B}/target/classpath-without-{m}.txt').read().strip()
    withcp=B+'/target/classes:'+open(f'{B}/target/classpath-with-{m}.txt').read().strip()
    assert new in withcp
    variants={'without':without,'new':withcp,'old':withcp.replace(new,old)}
    for i in range(runs+1):
        order=list(variants) if i%2==0 else list(reversed(list(variants)))
        for v in order:
            t=time.time(); out=subprocess.run(['java','-cp',variants[v],'io.awsrefresh.benchmarks.startup.app.StartupApplication','--spring.config.name=roles-'+r],capture_output=True,text=True).stdout
            w=(time.time()-t)*1000
            assert 'STARTUP' in out, out[-2000:]
            if i>0: res.setdefault((m,r,v),[]).append(w)
    base=res[(m,r,'without')]
    for v in ('old','new'):
        diffs=[a-b for a,b in zip(res[(m,r,v)],base)]
        print(f"{m} modules, {r} roles, {v}: median {statistics.median(res[(m,r,v)]):.0f} ms, added (paired median) {statistics.median(diffs):+.0f} ms ({100*statistics.median(diffs)/statistics.median(base):+.1f}%), baseline median {statistics.median(base):.0f}")
